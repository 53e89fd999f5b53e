"""The poller: asks each carrier for the events of the shipments it carries, records new events
once, moves the shipment (delivered, returned, delivery problem) through the transition helper,
tells the customer about the milestones they chose, and clears a stall on the next event.

Rate: at most `TRACKING_POLL_BATCH_SIZE` shipments per carrier per run, each polled at most once
per `TRACKING_POLL_INTERVAL_MINUTES` (the claim on `tracking_checked_at` is a conditional UPDATE,
so two pollers never ask twice). A carrier still answering 429 after the adapter's backoff is left
alone for the rest of the run; any other failure is recorded on the shipment and retried at the
next interval. No HTTP call happens inside a transaction."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from constance import config
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcels.models import Shipment
from parcels.states import SHIPMENT_IN_TRANSIT_STATUSES, ShipmentStatus
from tracking import carriers
from tracking.carriers import CarrierAdapter, CarrierError, CarrierRateLimited, TrackingEvent
from tracking.models import CarrierEvent, Stall, TrackingPreference
from tracking.services.notices import customer_notify, shipment_context
from tracking.states import MILESTONES, TrackingStatus
from transship.transitions import lock, transition

log = logging.getLogger(__name__)

# What the carrier's latest event does to the shipment.
SHIPMENT_MOVES = {
    TrackingStatus.DELIVERED: ShipmentStatus.DELIVERED,
    TrackingStatus.RETURNED: ShipmentStatus.RETURNED,
    TrackingStatus.EXCEPTION: ShipmentStatus.EXCEPTION,
}


@dataclass
class PollReport:
    polled: int = 0
    new_events: int = 0
    failures: int = 0
    rate_limited: list[str] = field(default_factory=list)


def _due(*, adapter_code: str, now: datetime) -> Any:
    cutoff = now - timedelta(minutes=config.TRACKING_POLL_INTERVAL_MINUTES)
    return (
        Shipment.objects.filter(
            status__in=SHIPMENT_IN_TRANSIT_STATUSES,
            service__tracking_adapter=adapter_code,
        )
        .exclude(tracking_number="")
        .filter(Q(tracking_checked_at__isnull=True) | Q(tracking_checked_at__lte=cutoff))
    )


def _claim(*, shipment_id: int, adapter_code: str, now: datetime) -> bool:
    """Take this shipment's poll for this interval; False when another poller took it."""
    return bool(
        _due(adapter_code=adapter_code, now=now)
        .filter(pk=shipment_id)
        .update(tracking_checked_at=now)
    )


def tracking_poll(*, now: datetime | None = None, adapters: dict | None = None) -> PollReport:
    """One run of the poller over every carrier that has a base URL."""
    now = now or timezone.now()
    report = PollReport()
    for code in carriers.ADAPTERS:
        adapter = (adapters or {}).get(code) if adapters is not None else carriers.adapter_for(code)
        if adapter is None:
            continue
        _poll_carrier(adapter=adapter, now=now, report=report)
    return report


def _poll_carrier(*, adapter: CarrierAdapter, now: datetime, report: PollReport) -> None:
    batch = list(
        _due(adapter_code=adapter.code, now=now)
        .order_by(F("tracking_checked_at").asc(nulls_first=True), "pk")
        .values_list("pk", "tracking_number")[: config.TRACKING_POLL_BATCH_SIZE]
    )
    for shipment_id, tracking_number in batch:
        if not _claim(shipment_id=shipment_id, adapter_code=adapter.code, now=now):
            continue
        report.polled += 1
        try:
            events = adapter.fetch_events(tracking_number)
        except CarrierRateLimited as exc:
            _failure_record(shipment_id=shipment_id, error=str(exc))
            report.failures += 1
            report.rate_limited.append(adapter.code)
            log.warning(
                "tracking: %s rate-limits us; the rest waits for the next run", adapter.code
            )
            return
        except CarrierError as exc:
            _failure_record(shipment_id=shipment_id, error=str(exc))
            report.failures += 1
            continue
        report.new_events += len(
            tracking_events_record(shipment_id=shipment_id, carrier=adapter.code, events=events)
        )


def _failure_record(*, shipment_id: int, error: str) -> None:
    Shipment.objects.filter(pk=shipment_id).update(
        tracking_failures=F("tracking_failures") + 1, tracking_error=error[:200]
    )


@transaction.atomic
def tracking_events_record(
    *, shipment_id: int, carrier: str, events: list[TrackingEvent]
) -> list[CarrierEvent]:
    """Record the carrier's events not seen before (by key), and act on them: the shipment's
    status follows the latest event, an open stall clears, the customer hears of the milestones
    they chose. Recording the same answer twice changes nothing."""
    shipment = lock(Shipment.objects.select_related("service", "user"), pk=shipment_id)
    keys = {event.key for event in events}
    known = set(
        CarrierEvent.objects.filter(carrier=carrier, key__in=keys).values_list("key", flat=True)
    )
    fresh = []
    for event in events:
        if event.key in known:
            continue
        known.add(event.key)
        fresh.append(
            CarrierEvent(
                shipment=shipment,
                carrier=carrier,
                key=event.key,
                occurred_at=event.occurred_at,
                status=event.status,
                code=event.code,
                description=event.description,
                location=event.location,
            )
        )
    shipment.tracking_failures = 0
    shipment.tracking_error = ""
    fields = ["tracking_failures", "tracking_error"]
    if not fresh:
        shipment.save(update_fields=[*fields, "updated_at"])
        return []
    CarrierEvent.objects.bulk_create(fresh)
    latest = max(fresh, key=lambda e: e.occurred_at)
    if shipment.carrier_event_at is None or latest.occurred_at > shipment.carrier_event_at:
        shipment.carrier_event_at = latest.occurred_at
        fields.append("carrier_event_at")
    Stall.objects.filter(shipment=shipment, cleared_at__isnull=True).update(
        cleared_at=timezone.now()
    )
    newest = CarrierEvent.objects.filter(shipment=shipment).order_by("-occurred_at", "-pk").first()
    _shipment_follow(shipment, newest=newest, fields=fields)
    _milestones_notify(shipment, fresh)
    return fresh


def _shipment_follow(shipment: Shipment, *, newest: CarrierEvent, fields: list[str]) -> None:
    """Move the shipment to what the carrier's newest event says, if the table allows it."""
    target = SHIPMENT_MOVES.get(newest.status)
    if target is None and shipment.status == ShipmentStatus.EXCEPTION:
        target = ShipmentStatus.SHIPPED  # the problem resolved: the box moves again
    if target == ShipmentStatus.DELIVERED:
        shipment.delivered_at = newest.occurred_at
        fields.append("delivered_at")
    if target is None or not Shipment.state_machine.can(shipment.status, target):
        shipment.save(update_fields=[*fields, "updated_at"])
        return
    reason = _("%(carrier)s: %(words)s") % {
        "carrier": shipment.service.carrier,
        "words": newest.description or newest.get_status_display(),
    }
    transition(shipment, to=target, actor=None, reason=reason, fields=fields)


def _milestones_notify(shipment: Shipment, fresh: list[CarrierEvent]) -> None:
    """One message per milestone reached in this batch, if the customer chose it."""
    preference = TrackingPreference.objects.filter(user_id=shipment.user_id).first()
    preference = preference or TrackingPreference(user_id=shipment.user_id)
    reached = {}
    for event in sorted(fresh, key=lambda e: e.occurred_at):
        if event.status in MILESTONES:
            reached[event.status] = event
    for status, event in reached.items():
        if not preference.wants(status):
            continue
        customer_notify(
            shipment.user,
            f"tracking.{status}",
            **shipment_context(shipment),
            place=event.location,
            words=event.description,
            occurred_at=event.occurred_at.isoformat(),
        )
