"""Business numbers of the support desk that staff change without a deploy (django-constance)."""

CONSTANCE = {
    "SUPPORT_FIRST_RESPONSE_HOURS": (
        24,
        "Hours within which a new support conversation gets its first answer",
        int,
    ),
    "SUPPORT_RESOLUTION_HOURS": (
        120,
        "Hours within which a support conversation should be resolved",
        int,
    ),
    "SUPPORT_ATTACHMENT_MAX_BYTES": (
        5 * 1024 * 1024,
        "Largest file a customer may attach to a support message (bytes)",
        int,
    ),
    "SUPPORT_ATTACHMENTS_PER_MESSAGE": (5, "Most files attached to one support message", int),
    "SUPPORT_COMPROMISE_LOOKBACK_HOURS": (
        72,
        "A recipient or bank account added this many hours before a password-compromise report "
        "counts as new and stays locked until the reset (A4.4)",
        int,
    ),
    "SUPPORT_COMPROMISE_REPORTS_PER_HOUR": (
        5,
        "Reports of a known password from the login page accepted per hour and address",
        int,
    ),
}
