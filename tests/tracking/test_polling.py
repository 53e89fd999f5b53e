"""The poller: new carrier events are recorded once, the shipment follows them through the
transition helper, the customer hears of the milestones they chose (in their language), each
shipment is polled at most once per interval, and a failing carrier never breaks the batch."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from parcels.models import ShipmentEvent
from parcels.states import ShipmentStatus
from tests.factories import UserFactory
from tests.tracking.carrier_fake import recorded
from tests.tracking.factories import shipped_shipment
from tracking import services, tasks
from tracking.models import CarrierEvent, TrackingPreference
from tracking.services import tracking_poll

pytestmark = pytest.mark.django_db


def _serve_jp(fake, shipment, name="japan_post_ems.json"):
    path = f"/tracking/v1/items/{shipment.tracking_number}"
    fake.serve(path, recorded(name, number=shipment.tracking_number))
    return path


def test_a_delivered_box_is_recorded_once_and_the_shipment_moves_to_delivered(fake_carriers, ems):
    shipment = shipped_shipment(service=ems)
    _serve_jp(fake_carriers, shipment)

    report = tracking_poll()
    later = timezone.now() + timedelta(hours=4)
    tracking_poll(now=later)  # the next interval: the same answer again

    shipment.refresh_from_db()
    assert report.new_events == 7
    assert CarrierEvent.objects.filter(shipment=shipment).count() == 7
    assert shipment.status == ShipmentStatus.DELIVERED
    assert shipment.delivered_at is not None
    assert shipment.carrier_event_at == shipment.delivered_at
    move = ShipmentEvent.objects.get(shipment=shipment, to_status=ShipmentStatus.DELIVERED)
    assert move.actor is None
    assert "Final delivery" in move.reason
    assert len(fake_carriers.requests) == 1  # delivered: no longer polled


def test_running_the_task_twice_in_one_interval_asks_the_carrier_once(fake_carriers, ems):
    shipment = shipped_shipment(service=ems)
    _serve_jp(fake_carriers, shipment, "japan_post_in_transit.json")

    tasks.poll_carriers()
    tasks.poll_carriers()

    assert len(fake_carriers.requests) == 1
    assert CarrierEvent.objects.filter(shipment=shipment).count() == 2
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.SHIPPED
    assert shipment.tracking_checked_at is not None


def test_the_customer_hears_only_of_the_milestones_they_chose_in_their_language(fake_carriers, ems):
    user = UserFactory(language="ja")
    TrackingPreference.objects.create(
        user=user, customs=True, out_for_delivery=False, delivered=True
    )
    shipment = shipped_shipment(service=ems, user=user)
    _serve_jp(fake_carriers, shipment)

    tracking_poll()

    sent = Notification.objects.filter(user=user).order_by("event")
    assert [n.event for n in sent] == ["tracking.customs", "tracking.delivered"]
    assert all(n.language == "ja" for n in sent)
    assert "お届けしました" in sent[1].subject
    assert shipment.number in sent[1].subject


def test_a_failing_shipment_is_recorded_and_the_batch_goes_on(fake_carriers, ems):
    broken = shipped_shipment(service=ems)
    fine = shipped_shipment(service=ems)
    path = _serve_jp(fake_carriers, broken)
    for _ in range(3):
        fake_carriers.queue(path, 500)
    fake_carriers.serve(path.replace(broken.tracking_number, fine.tracking_number) + "", b"")
    _serve_jp(fake_carriers, fine, "japan_post_in_transit.json")

    report = tracking_poll()

    broken.refresh_from_db()
    fine.refresh_from_db()
    assert report.failures == 1
    assert broken.tracking_failures == 1
    assert "HTTP 500" in broken.tracking_error
    assert CarrierEvent.objects.filter(shipment=fine).count() == 2
    assert fine.tracking_failures == 0


def test_a_malformed_answer_is_a_recorded_failure_retried_next_interval(fake_carriers, ems):
    shipment = shipped_shipment(service=ems)
    path = f"/tracking/v1/items/{shipment.tracking_number}"
    fake_carriers.serve(path, b"<html>maintenance</html>")

    tracking_poll()
    _serve_jp(fake_carriers, shipment, "japan_post_in_transit.json")
    tracking_poll()  # same interval: not asked again
    tracking_poll(now=timezone.now() + timedelta(hours=4))

    shipment.refresh_from_db()
    assert len(fake_carriers.requests) == 2
    assert CarrierEvent.objects.filter(shipment=shipment).count() == 2
    assert shipment.tracking_failures == 0
    assert shipment.tracking_error == ""


def test_a_carrier_still_rate_limiting_is_left_alone_for_the_rest_of_the_run(fake_carriers, ems):
    first = shipped_shipment(service=ems)
    second = shipped_shipment(service=ems)
    path = _serve_jp(fake_carriers, first)
    _serve_jp(fake_carriers, second)
    for _ in range(3):
        fake_carriers.queue(path, 429)

    report = tracking_poll()

    assert report.rate_limited == ["japan_post"]
    assert second.tracking_number not in "".join(fake_carriers.paths())
    second.refresh_from_db()
    assert second.tracking_checked_at is None  # still due at the next run


def test_a_batch_is_capped_per_carrier(fake_carriers, ems, settings):
    from constance.test import override_config

    shipments = [shipped_shipment(service=ems) for _ in range(3)]
    for shipment in shipments:
        _serve_jp(fake_carriers, shipment, "japan_post_in_transit.json")

    with override_config(TRACKING_POLL_BATCH_SIZE=2):
        report = tracking_poll()

    assert report.polled == 2
    assert len(fake_carriers.requests) == 2


def test_a_delivery_problem_then_the_box_moving_again_goes_back_to_shipped(fake_carriers, dhl):
    shipment = shipped_shipment(service=dhl, tracking_number="1234567890")
    fake_carriers.serve(
        "/track/shipments?trackingNumber=1234567890",
        recorded("dhl_express.json", number="1234567890"),
    )
    tracking_poll()
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.EXCEPTION

    services.tracking_events_record(
        shipment_id=shipment.pk,
        carrier="express",
        events=[
            _event("2026-11-24T09:00:00+00:00", "transit", "Arrived at delivery facility"),
        ],
    )

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.SHIPPED
    assert list(
        ShipmentEvent.objects.filter(shipment=shipment).values_list("to_status", flat=True)
    ) == [ShipmentStatus.EXCEPTION, ShipmentStatus.SHIPPED]


def test_a_returned_box_moves_the_shipment_to_returned(fake_carriers, yamato):
    shipment = shipped_shipment(service=yamato, tracking_number="123456789012")
    fake_carriers.serve(
        "/tracking/v1/slips/123456789012", recorded("yamato.json", number="123456789012")
    )

    tracking_poll()

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.RETURNED


def test_services_without_tracking_and_finished_shipments_are_not_polled(fake_carriers, ems):
    from tests.shipping.factories import CarrierServiceFactory

    untracked = CarrierServiceFactory(code="local", tracking_adapter="")
    shipped_shipment(service=untracked)
    shipped_shipment(service=ems, status=ShipmentStatus.DELIVERED)

    report = tracking_poll()

    assert report.polled == 0
    assert fake_carriers.requests == []


def _event(when: str, code: str, words: str):
    from datetime import datetime

    from tracking.carriers import TrackingEvent
    from tracking.carriers.base import event_key

    return TrackingEvent(
        occurred_at=datetime.fromisoformat(when),
        status={"transit": "in_transit"}.get(code, code),
        code=code,
        description=words,
        location="LONDON",
        key=event_key("1234567890", when, code, words),
    )
