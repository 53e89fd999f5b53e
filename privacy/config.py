"""Business numbers of privacy that staff may change without a deploy (django-constance)."""

CONSTANCE = {
    "PRIVACY_RESPONSE_DAYS": (15, "Days to answer a privacy request from its receipt (P5(6))", int),
    "PRIVACY_REMINDER_DAYS_BEFORE": (
        3,
        "Remind the assigned agent this many days before a request's deadline",
        int,
    ),
    "PRIVACY_EXPORT_LINK_HOURS": (72, "Hours a personal-data export link stays valid", int),
    "PRIVACY_FREE_REQUESTS_PER_YEAR": (
        3,
        "Requests of one kind per 12 months answered free; more may be charged (P5(6))",
        int,
    ),
    "PRIVACY_EXCESSIVE_REQUEST_FEE_JPY": (
        1000,
        "Fee in JPY for a repeated request beyond the free ones",
        int,
    ),
    "PRIVACY_ANONYMIZE_AFTER_DAYS": (
        30,
        "Days after withdrawal before a closed account's personal data is anonymized (P4(1))",
        int,
    ),
    "PRIVACY_FINANCIAL_RETENTION_YEARS": (
        7,
        "Years invoices and ledger rows of an erased account are kept before deletion",
        int,
    ),
    "PRIVACY_RECIPIENT_CONTACTS": (
        "",
        "Deletion-notice contacts, one per line: recipient name = email",
        str,
    ),
    "PRIVACY_DEFAULT_RECIPIENT_CONTACT": (
        "privacy-notices@transship.example",
        "Where deletion notices go for a recipient with no contact above",
        str,
    ),
    "PRIVACY_CONTACT_EMAIL": (
        "privacy@transship.example",
        "Address customers are told to write to about privacy (P9)",
        str,
    ),
}
