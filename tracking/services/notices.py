"""Messages to customers and to the support team, through the notifications outbox."""

from typing import Any

from notifications.services import notify


def customer_notify(user: Any, event: str, **context: Any) -> None:
    """Tell the customer (in their language, after commit)."""
    notify(user=user, event=event, context=context)


def support_alert(event: str, **context: Any) -> None:
    """Queue `event` for every member of the support team."""
    from accounts import roles
    from accounts import selectors as accounts_selectors

    for staff in accounts_selectors.staff_in_role(role=roles.SUPPORT):
        notify(user=staff, event=event, context=context)


def shipment_context(shipment: Any) -> dict[str, Any]:
    return {
        "shipment_id": shipment.pk,
        "shipment_number": shipment.number,
        "carrier": shipment.service.carrier,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.tracking_url,
    }
