"""Stalled shipments: in transit with no carrier event for longer than the service's expected
gap (`CarrierService.expected_event_gap_days`). The sweep flags them once (an open `Stall`, in
support's queue with the last event), tells the customer we are looking into it; the next carrier
event clears the flag (polling.py)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models.functions import Coalesce

from parcels.models import Shipment
from parcels.states import SHIPMENT_IN_TRANSIT_STATUSES
from shipping.models import CarrierService
from tracking.models import CarrierEvent, Stall
from tracking.services.notices import customer_notify, shipment_context


@transaction.atomic
def stalls_detect(*, now: datetime) -> int:
    """Flag every in-transit shipment past its service's gap that has no open stall; returns how
    many were flagged. Running it twice flags nothing more."""
    flagged = 0
    gaps = CarrierService.objects.values_list("pk", "expected_event_gap_days")
    for service_id, gap_days in gaps:
        cutoff = now - timedelta(days=gap_days)
        shipments = list(
            Shipment.objects.filter(service_id=service_id, status__in=SHIPMENT_IN_TRANSIT_STATUSES)
            .annotate(last_seen=Coalesce("carrier_event_at", "shipped_at"))
            .filter(last_seen__lt=cutoff)
            .exclude(pk__in=Stall.objects.filter(cleared_at__isnull=True).values("shipment_id"))
            .select_related("service", "user")
        )
        if not shipments:
            continue
        last_events = {}
        for event in CarrierEvent.objects.filter(shipment__in=shipments).order_by("occurred_at"):
            last_events[event.shipment_id] = event
        Stall.objects.bulk_create(
            Stall(
                shipment=shipment,
                flagged_at=now,
                last_event_at=shipment.carrier_event_at,
                last_event=_describe(last_events.get(shipment.pk)),
            )
            for shipment in shipments
        )
        for shipment in shipments:
            customer_notify(
                shipment.user,
                "tracking.stalled",
                **shipment_context(shipment),
                days=gap_days,
            )
        flagged += len(shipments)
    return flagged


def _describe(event: CarrierEvent | None) -> str:
    if event is None:
        return ""
    text = f"{event.occurred_at:%Y-%m-%d %H:%M} {event.description}"
    if event.location:
        text += f" ({event.location})"
    return text[:300]
