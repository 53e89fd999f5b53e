CONSTANCE = {
    "NOTIFICATION_MAX_ATTEMPTS": (
        6,
        "Delivery attempts before a notification is marked failed",
        int,
    ),
}
