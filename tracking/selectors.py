"""Reads: a shipment's full timeline, claims, what a customer may claim on."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from parcels.models import Parcel, Shipment
from parcels.states import HOLDING_STATUSES, SHIPMENT_HANDED_OVER_STATUSES, ShipmentStatus
from tracking.models import CarrierEvent, Claim, Stall, TrackingPreference
from tracking.services.claims import shipment_claimable
from tracking.states import CLAIM_OPEN_STATUSES


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a shipment's timeline: ours (a status change) or the carrier's."""

    source: str  # "ours" or "carrier"
    at: datetime
    status: str
    status_label: str
    description: str
    location: str


def shipment_timeline(*, shipment: Shipment) -> list[TimelineEntry]:
    """Our events up to the handover (requested … shipped), then the carrier's, each in time
    order. The moves the carrier's events made afterwards (delivered, returned, a problem) are
    told by those events themselves."""
    ours = [
        TimelineEntry(
            source="ours",
            at=event.created_at,
            status=event.to_status,
            status_label=str(event.get_to_status_display()),
            description=event.reason,
            location="",
        )
        for event in shipment.events.all()
        if event.from_status != event.to_status
        and event.from_status not in SHIPMENT_HANDED_OVER_STATUSES
    ]
    carrier = [
        TimelineEntry(
            source="carrier",
            at=event.occurred_at,
            status=event.status,
            status_label=str(event.get_status_display()),
            description=event.description,
            location=event.location,
        )
        for event in CarrierEvent.objects.filter(shipment=shipment).order_by("occurred_at", "pk")
    ]
    return ours + carrier


def open_stall(*, shipment_id: int) -> Stall | None:
    return Stall.objects.filter(shipment_id=shipment_id, cleared_at__isnull=True).first()


def shipment_for_customer(*, user: Any, shipment_id: int) -> Shipment:
    """Raises Shipment.DoesNotExist for another customer's shipment."""
    return (
        Shipment.objects.filter(user=user)
        .select_related("service")
        .prefetch_related("events")
        .get(pk=shipment_id)
    )


def claims_for_user(*, user: Any) -> QuerySet[Claim]:
    return Claim.objects.filter(user=user).select_related("shipment", "parcel")


def claim_for_user(*, user: Any, claim_id: int) -> Claim:
    """Raises Claim.DoesNotExist for another customer's claim."""
    return claims_for_user(user=user).prefetch_related("events", "notes", "photos").get(pk=claim_id)


def claimable_subjects(*, user: Any, now: datetime | None = None) -> dict[str, list]:
    """What the customer may open a claim on now: shipments delivered within the window or
    stalled, and parcels in our custody (those with an open claim left out)."""
    now = now or timezone.now()
    candidates = Shipment.objects.filter(user=user).filter(
        status__in=(ShipmentStatus.DELIVERED, ShipmentStatus.SHIPPED, ShipmentStatus.EXCEPTION)
    )
    open_claims = Claim.objects.filter(user=user, status__in=CLAIM_OPEN_STATUSES)
    taken_shipments = set(open_claims.values_list("shipment_id", flat=True))
    taken_parcels = set(open_claims.values_list("parcel_id", flat=True))
    shipments = [
        s
        for s in candidates.prefetch_related(
            Prefetch("stalls", queryset=Stall.objects.filter(cleared_at__isnull=True))
        )
        if s.pk not in taken_shipments and shipment_claimable(s, now=now)[0]
    ]
    parcels = [
        p
        for p in Parcel.objects.filter(owner=user, status__in=HOLDING_STATUSES).order_by("pk")
        if p.pk not in taken_parcels
    ]
    return {"shipments": shipments, "parcels": parcels}


def tracking_preference(*, user: Any) -> TrackingPreference:
    return TrackingPreference.objects.filter(user=user).first() or TrackingPreference(user=user)


def open_claim_numbers(*, user_id: int) -> list[str]:
    return [
        c.number
        for c in Claim.objects.filter(user_id=user_id, status__in=CLAIM_OPEN_STATUSES).only("pk")
    ]


def user_ids_with_open_claims() -> QuerySet:
    return Claim.objects.filter(status__in=CLAIM_OPEN_STATUSES).values_list("user_id", flat=True)
