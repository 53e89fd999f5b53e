"""The parcel and shipment machines: locking one parcel or shipment, and the named moves. Every
move goes through `transship.transitions.transition`, which checks the table of
`parcels.states` and records who, when and why."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from parcels.models import Parcel, Shipment
from parcels.states import ParcelStatus, ShipmentStatus
from transship.errors import DomainError
from transship.transitions import lock_all, transition


@transaction.atomic
def parcel_transition(*, parcel_id: int, to: ParcelStatus, actor: Any, reason: str = "") -> Parcel:
    """Move a parcel to `to`, recording who and why; the row lock serialises concurrent staff."""
    parcel = lock_parcel(parcel_id=parcel_id)
    transition(parcel, to=to, actor=actor, reason=reason)
    return parcel


@transaction.atomic
def shipment_transition(
    *, shipment_id: int, to: ShipmentStatus, actor: Any, reason: str = ""
) -> Shipment:
    """Move a shipment to `to`, recording who and why."""
    shipment = lock_shipment(shipment_id=shipment_id)
    transition(shipment, to=to, actor=actor, reason=reason)
    return shipment


def lock_parcel(*, parcel_id: int, owner: Any = None) -> Parcel:
    rows = Parcel.objects.filter(pk=parcel_id)
    if owner is not None:
        rows = rows.filter(owner=owner)
    locked = lock_all(rows)
    if not locked:
        raise DomainError(_("No such parcel."), field="parcel")
    return locked[0]


def lock_shipment(*, shipment_id: int, user: Any = None) -> Shipment:
    rows = Shipment.objects.select_for_update(of=("self",)).select_related("service", "user")
    rows = rows.filter(pk=shipment_id)
    if user is not None:
        rows = rows.filter(user=user)
    locked = lock_all(rows)
    if not locked:
        raise DomainError(_("No such shipment."), field="shipment")
    return locked[0]


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def notify_user(user: Any, event: str, **context: Any) -> None:
    """Tell the customer through the notifications outbox (sent after commit)."""
    if user is None:
        return
    from notifications.services import notify

    notify(user=user, event=event, context=context)
