"""Personal data held by notifications: every message written to the user (written by the
privacy engineer). Erasure keeps the row (what was sent, when) and empties what it said."""

from typing import Any

from notifications.models import Notification
from transship import records


def export(*, user_id: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "notifications": records.rows(
            Notification.objects.filter(user_id=user_id), exclude=("body_html", "last_error")
        )
    }


def erase(*, user_id: int, pseudonym: str) -> None:
    Notification.objects.filter(user_id=user_id).update(
        recipient=f"{pseudonym}@erased.invalid",
        subject="",
        body_text="",
        body_html="",
        context={},
        last_error="",
    )
