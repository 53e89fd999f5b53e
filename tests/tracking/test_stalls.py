"""Stalled shipments: no carrier event for longer than the service's expected gap flags the
shipment once (support's queue, a notice to the customer); the next carrier event clears it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from notifications.models import Notification
from parcels.states import ShipmentStatus
from tests.tracking.carrier_fake import recorded
from tests.tracking.factories import shipped_shipment
from tracking import selectors, tasks
from tracking.models import Stall
from tracking.services import stalls_detect, tracking_poll

pytestmark = pytest.mark.django_db


def test_a_shipment_silent_past_its_services_gap_is_flagged_once(ems, sea_mail):
    ems_box = shipped_shipment(service=ems, shipped_days_ago=0)
    sea_box = shipped_shipment(service=sea_mail, shipped_days_ago=0)

    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        tasks.detect_stalls()
        tasks.detect_stalls()

    assert Stall.objects.filter(shipment=ems_box, cleared_at__isnull=True).count() == 1
    assert not Stall.objects.filter(shipment=sea_box).exists()  # sea mail: 21 days
    notice = Notification.objects.get(event="tracking.stalled")
    assert notice.user_id == ems_box.user_id
    assert ems_box.number in notice.subject


def test_the_gap_counts_from_the_last_carrier_event_not_the_handover(ems):
    box = shipped_shipment(service=ems, shipped_days_ago=10)
    box.carrier_event_at = timezone.now() - timedelta(days=3)
    box.save(update_fields=["carrier_event_at"])

    flagged = stalls_detect(now=timezone.now())

    assert flagged == 0


def test_delivered_boxes_are_never_stalled(ems):
    shipped_shipment(service=ems, shipped_days_ago=30, status=ShipmentStatus.DELIVERED)

    assert stalls_detect(now=timezone.now()) == 0


def test_the_next_carrier_event_clears_the_flag_and_a_later_silence_flags_again(fake_carriers, ems):
    box = shipped_shipment(service=ems, shipped_days_ago=9)
    stalls_detect(now=timezone.now())
    assert selectors.open_stall(shipment_id=box.pk) is not None
    fake_carriers.serve(
        f"/tracking/v1/items/{box.tracking_number}",
        recorded("japan_post_in_transit.json", number=box.tracking_number),
    )

    tracking_poll()

    assert selectors.open_stall(shipment_id=box.pk) is None
    stall = Stall.objects.get(shipment=box)
    assert stall.cleared_at is not None
    box.refresh_from_db()
    # The recorded events are from 2026-11-21: long silent again, so flagged anew.
    with time_machine.travel(box.carrier_event_at + timedelta(days=8), tick=False):
        assert stalls_detect(now=timezone.now()) == 1
    assert Stall.objects.filter(shipment=box).count() == 2


def test_the_stall_keeps_the_last_carrier_event_for_support(ems):
    from tests.tracking.test_polling import _event
    from tracking.services import tracking_events_record

    box = shipped_shipment(service=ems, shipped_days_ago=20)
    tracking_events_record(
        shipment_id=box.pk,
        carrier="japan_post",
        events=[_event("2026-01-05T09:00:00+00:00", "transit", "Arrival at inward office")],
    )

    with time_machine.travel("2026-01-20T00:00:00+00:00", tick=False):
        stalls_detect(now=timezone.now())

    stall = Stall.objects.get(shipment=box)
    assert "Arrival at inward office" in stall.last_event
    assert "LONDON" in stall.last_event
