"""The two state machines: one function each moves a parcel or a shipment, checks the move is in
the table of `parcels.states` and records who, when and why. Callers hold the row lock."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from parcels.models import Parcel, ParcelEvent, Shipment, ShipmentEvent
from parcels.states import PARCEL_ALLOWED, SHIPMENT_ALLOWED, ParcelStatus, ShipmentStatus
from transship.errors import DomainError, IllegalTransition


def move_parcel(
    parcel: Parcel, *, to: ParcelStatus, actor: Any, reason: str = "", fields: tuple = ()
) -> bool:
    """Move a parcel already locked by the caller. Returns False when it is already there, so a
    retried task or a double click is harmless."""
    if parcel.status == to:
        return False
    if to not in PARCEL_ALLOWED[parcel.status]:
        raise IllegalTransition(parcel, to)
    ParcelEvent.objects.create(
        parcel=parcel, from_status=parcel.status, to_status=to, actor=_actor(actor), reason=reason
    )
    parcel.status = to
    parcel.save(update_fields=["status", "updated_at", *fields])
    return True


def record_parcel_created(parcel: Parcel, *, actor: Any, reason: str = "") -> None:
    ParcelEvent.objects.create(
        parcel=parcel, from_status="", to_status=parcel.status, actor=_actor(actor), reason=reason
    )


@transaction.atomic
def parcel_transition(*, parcel_id: int, to: ParcelStatus, actor: Any, reason: str = "") -> Parcel:
    """Move a parcel to `to`, recording who and why; the row lock serialises concurrent staff."""
    parcel = lock_parcel(parcel_id=parcel_id)
    move_parcel(parcel, to=to, actor=actor, reason=reason)
    return parcel


def move_shipment(
    shipment: Shipment, *, to: ShipmentStatus, actor: Any, reason: str = "", fields: tuple = ()
) -> bool:
    if shipment.status == to:
        return False
    if to not in SHIPMENT_ALLOWED[shipment.status]:
        raise IllegalTransition(shipment, to)
    ShipmentEvent.objects.create(
        shipment=shipment,
        from_status=shipment.status,
        to_status=to,
        actor=_actor(actor),
        reason=reason,
    )
    shipment.status = to
    shipment.save(update_fields=["status", "updated_at", *fields])
    return True


@transaction.atomic
def shipment_transition(
    *, shipment_id: int, to: ShipmentStatus, actor: Any, reason: str = ""
) -> Shipment:
    """Move a shipment to `to`, recording who and why."""
    shipment = lock_shipment(shipment_id=shipment_id)
    move_shipment(shipment, to=to, actor=actor, reason=reason)
    return shipment


def lock_parcel(*, parcel_id: int, owner: Any = None) -> Parcel:
    rows = Parcel.objects.select_for_update().filter(pk=parcel_id)
    if owner is not None:
        rows = rows.filter(owner=owner)
    parcel = rows.first()
    if parcel is None:
        raise DomainError(_("No such parcel."), field="parcel")
    return parcel


def lock_shipment(*, shipment_id: int, user: Any = None) -> Shipment:
    rows = Shipment.objects.select_for_update(of=("self",)).select_related("service", "user")
    rows = rows.filter(pk=shipment_id)
    if user is not None:
        rows = rows.filter(user=user)
    shipment = rows.first()
    if shipment is None:
        raise DomainError(_("No such shipment."), field="shipment")
    return shipment


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def notify_user(user: Any, event: str, **context: Any) -> None:
    """Tell the customer through the notifications outbox (sent after commit)."""
    if user is None:
        return
    from notifications.services import notify

    notify(user=user, event=event, context=context)
