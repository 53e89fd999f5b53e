from typing import Any

from notifications.models import Notification, NotificationQuerySet


def notification_list(*, user: Any) -> NotificationQuerySet:
    return Notification.objects.for_user(user).only(
        "pk", "event", "category", "subject", "body_text", "created_at", "read_at", "status"
    )


def unread_count(*, user: Any) -> int:
    return Notification.objects.for_user(user).unread().count()
