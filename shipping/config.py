"""Business numbers of shipping that staff may change without a deploy (django-constance)."""

CONSTANCE = {
    "PACKING_ALLOWANCE_G": (
        300,
        "Weight added to the parcels to estimate the packed box (quotes, shipments, A11.1)",
        int,
    ),
}
