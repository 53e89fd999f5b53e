"""Business numbers of billing that staff may change without a deploy (django-constance)."""

from decimal import Decimal

CONSTANCE = {
    "INVOICE_DUE_DAYS": (14, "Days from issue until an invoice is due (A11.3)", int),
    "INVOICE_REMINDER_DAYS_BEFORE": (
        3,
        "Remind the customer this many days before an unpaid invoice falls due (once)",
        int,
    ),
    "OVERDUE_GRACE_DAYS": (30, "Days past due before the account is suspended (A8(3))", int),
    "STORAGE_FEE_PER_DAY_JPY": (50, "Storage fee per parcel and day after the free days", int),
    "SERVICE_FEE_JPY": (500, "Our service fee per shipment", int),
    "INSURANCE_FEE_PER_20000_JPY": (50, "Insurance premium per started ¥20,000 insured", int),
    "DISPOSAL_FEE_JPY": (1000, "Cost of selling or destroying a disposed parcel (A15.5)", int),
    "REMITTANCE_FEE_JPY": (800, "Remittance fee borne by the customer (A15.7)", int),
    "REMITTANCE_DAYS": (20, "Days within which proceeds are remitted (A15.7)", int),
    "REMITTANCE_WARN_DAYS": (3, "Warn Finance this many days before a remittance is due", int),
    "REMITTANCE_BANK_ACCOUNT_REMINDER_DAYS": (
        3,
        "Remind a customer without a bank account on file every this many days while a "
        "remittance to them waits",
        int,
    ),
    "POINTS_PER_100_JPY": (1, "Points earned per ¥100 of a paid invoice", int),
    "POINT_VALUE_JPY": (1, "Yen one point is worth when redeemed", int),
    "EXCHANGE_RATE_SOURCE_URL": (
        "",
        'JSON rate feed {"base": "JPY", "rates": {"USD": 0.0067, …}}; empty: Finance enters rates',
        str,
    ),
    "EXCHANGE_RATE_CURRENCIES": ("CNY,USD,EUR,KRW,TWD,HKD", "Currencies the feed refreshes", str),
    "SDR_JPY_DEFAULT": (
        Decimal("205"),
        "Yen per 1 SDR (special drawing right) until Finance enters an XDR exchange rate; "
        "converts the CN22 limit",
        Decimal,
    ),
}
