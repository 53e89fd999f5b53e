"""Messages billing sends: to the customer, and alerts to the Finance team."""

from typing import Any


def customer_notify(user_id: int, event: str, **context: Any) -> None:
    """Queue `event` for the customer (through the notifications outbox)."""
    from accounts.models import User
    from notifications.services import notify

    notify(user=User.objects.get(pk=user_id), event=event, context=context)


def finance_alert(event: str, **context: Any) -> None:
    """Queue `event` for every member of the Finance team."""
    from accounts import roles
    from accounts import selectors as accounts_selectors
    from notifications.services import notify

    for staff in accounts_selectors.staff_in_role(role=roles.FINANCE):
        notify(user=staff, event=event, context=context)
