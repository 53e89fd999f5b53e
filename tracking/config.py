"""Business numbers of tracking and claims that staff may change without a deploy."""

CONSTANCE = {
    "TRACKING_POLL_INTERVAL_MINUTES": (
        180,
        "Minutes between two polls of one shipment's carrier tracking",
        int,
    ),
    "TRACKING_POLL_BATCH_SIZE": (
        50,
        "Shipments polled per carrier per run of the poller (each carrier's rate limit)",
        int,
    ),
    "TRACKING_HTTP_ATTEMPTS": (
        3,
        "Attempts per carrier request on 429 or 5xx (exponential backoff) before giving up",
        int,
    ),
    "CLAIM_WINDOW_DAYS": (30, "Days after delivery during which a claim may be opened", int),
    "CLAIM_DECISION_DAYS": (14, "Days support has to decide a claim (or file it)", int),
    "CLAIM_INFO_REMINDER_DAYS": (
        7,
        "Days after support asked for information before the customer is reminded once",
        int,
    ),
    "CLAIM_PHOTO_MAX_BYTES": (5 * 1024 * 1024, "Largest photo a customer may add to a claim", int),
    "CLAIM_PHOTOS_MAX": (10, "Most photos on one claim", int),
}
