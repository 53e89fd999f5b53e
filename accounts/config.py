"""Business numbers of accounts that staff may change without a deploy (django-constance)."""

CONSTANCE = {
    "LOCKOUT_MAX_FAILURES": (5, "Wrong passwords that suspend login (agreement 8.5)", int),
    "LOCKOUT_WINDOW_MINUTES": (15, "Window in which the wrong passwords are counted", int),
    "PASSWORD_MAX_AGE_DAYS": (180, "Remind users to change a password older than this (4.5)", int),
    "DORMANT_AFTER_MONTHS": (
        24,
        "Months without login before an account is dormant (1.6, 8.6)",
        int,
    ),
    "ADULT_AGE_YEARS": (18, "Below this age a guardian's consent is required (3.3(1))", int),
}
