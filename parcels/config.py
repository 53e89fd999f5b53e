"""Business numbers of the warehouse that staff may change without a deploy (django-constance)."""

CONSTANCE = {
    "STORAGE_FREE_DAYS": (
        30,
        "Days of free storage from receipt (A15.2); billing charges after",
        int,
    ),
    "STORAGE_LIMIT_DAYS": (60, "Days from receipt before a parcel goes to disposal (A15.2)", int),
    "STORAGE_REMINDER_DAYS": (
        "30,50,57",
        "Days after receipt on which the customer is reminded (comma-separated)",
        str,
    ),
    "EXPORT_DECLARATION_THRESHOLD_JPY": (
        200000,
        "Declared value above which a shipment needs an export declaration",
        int,
    ),
    "SHIPMENT_MAX_INSURANCE_JPY": (2000000, "Highest insured value a customer may request", int),
    "CN22_LIMIT_SDR": (
        300,
        "Declared value (in SDR) up to which a box goes with a CN22; above it a CN23",
        int,
    ),
    "CUSTOMS_SIGNER_NAME": (
        "Transship Japan, on behalf of the sender",
        "Name printed on the signature line of the customs forms (the warehouse signs)",
        str,
    ),
}
