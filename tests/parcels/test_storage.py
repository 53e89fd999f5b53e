import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from parcels import services, tasks
from parcels.models import DisposalNotice, Parcel, ParcelEvent, StorageReminder
from parcels.states import InspectionResult, ParcelStatus

pytestmark = pytest.mark.django_db


def _reminders(user) -> list[int]:
    return list(
        Notification.objects.filter(user=user, event="parcel.storage_reminder")
        .order_by("pk")
        .values_list("context__day", flat=True)
    )


def test_a_parcel_on_hold_gets_three_reminders_once_each_and_goes_to_disposal_on_day_61(
    stored_parcel, staff_user, user, django_capture_on_commit_callbacks
):
    services.parcel_inspect(
        parcel_id=stored_parcel.pk, result=InspectionResult.PROHIBITED, actor=staff_user
    )
    received = stored_parcel.received_at

    for day in (10, 30, 31, 50, 57, 58):
        with time_machine.travel(received + timedelta(days=day, hours=1)):
            with django_capture_on_commit_callbacks(execute=False):
                tasks.sweep_storage()
                tasks.sweep_storage()  # twice: idempotent
            tasks.deliver_storage_reminders()
            tasks.deliver_storage_reminders()

    assert _reminders(user) == [30, 50, 57]
    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.ON_HOLD

    with time_machine.travel(received + timedelta(days=61)):
        tasks.sweep_storage()
        tasks.sweep_storage()

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.DISPOSAL_DUE
    assert stored_parcel.events.filter(to_status=ParcelStatus.DISPOSAL_DUE).count() == 1
    assert _reminders(user) == [30, 50, 57]


def test_the_customer_is_told_once_when_a_parcel_goes_to_disposal(
    user, parcel_factory, django_capture_on_commit_callbacks
):
    late = parcel_factory(owner=user, received_at=timezone.now() - timedelta(days=61))
    unidentified = parcel_factory(
        owner=None, status=ParcelStatus.UNIDENTIFIED, received_at=late.received_at
    )
    parcel_factory(owner=user, received_at=timezone.now() - timedelta(days=59))

    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        services.storage_sweep(now=timezone.now())
        services.storage_sweep(now=timezone.now())  # twice: idempotent
    services.storage_reminders_deliver()
    services.storage_reminders_deliver()

    unidentified.refresh_from_db()
    assert unidentified.status == ParcelStatus.DISPOSAL_DUE
    assert list(DisposalNotice.objects.values_list("parcel_id", flat=True)) == [late.pk]
    assert len(enqueued) == 1  # the delivery task, once: the rerun found nothing to do
    notice = Notification.objects.get(event="parcel.disposal_due")
    assert notice.user == user
    assert notice.context["parcel_id"] == late.pk
    assert late.code in notice.subject
    assert "article 15.4" in notice.body_text
    assert f"/parcels/{late.pk}/" in notice.body_text
    assert DisposalNotice.objects.get().notified_at is not None


def test_a_parcel_first_seen_late_gets_only_its_latest_reminder(parcel_factory):
    parcel = parcel_factory(received_at=timezone.now() - timedelta(days=52))

    services.storage_sweep(now=timezone.now())

    assert list(StorageReminder.objects.values_list("parcel_id", "day")) == [(parcel.pk, 50)]


def test_requesting_shipment_stops_the_clock(parcel_factory):
    parcel = parcel_factory(
        status=ParcelStatus.PICKED, received_at=timezone.now() - timedelta(days=70)
    )

    result = services.storage_sweep(now=timezone.now())

    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.PICKED
    assert result.moved_to_disposal == 0
    assert not StorageReminder.objects.exists()


def test_the_deadline_follows_the_setting(parcel_factory, settings):
    from constance import config

    parcel = parcel_factory(received_at=timezone.now() - timedelta(days=45))
    config.STORAGE_LIMIT_DAYS = 40

    services.storage_sweep(now=timezone.now())

    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.DISPOSAL_DUE
    config.STORAGE_LIMIT_DAYS = 60


def _sweep_queries(parcel_factory, count: int) -> list[str]:
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    for index in range(count):
        parcel_factory(received_at=now - timedelta(days=(31, 52, 58, 65)[index % 4]))
    services.storage_sweep(now=now - timedelta(days=400))  # warm the settings cache
    with CaptureQueriesContext(connection) as captured:
        services.storage_sweep(now=now)
    return [q["sql"] for q in captured.captured_queries]


def test_the_sweep_runs_the_same_few_queries_for_4_or_40_parcels(parcel_factory):
    few = _sweep_queries(parcel_factory, 4)
    Parcel.objects.all().delete()
    many = _sweep_queries(parcel_factory, 40)

    assert len(many) == len(few), "\n".join(many)
    assert len(many) <= 20
    assert StorageReminder.objects.count() == 30
    assert ParcelEvent.objects.filter(to_status=ParcelStatus.DISPOSAL_DUE).count() == 10
    assert DisposalNotice.objects.count() == 10


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_record_each_reminder_and_move_once(parcel_factory):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    now = timezone.now()
    for index in range(40):
        parcel_factory(received_at=now - timedelta(days=(31, 65)[index % 2]))
    barrier = threading.Barrier(2)

    def sweep() -> None:
        try:
            barrier.wait()
            services.storage_sweep(now=now)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert StorageReminder.objects.count() == 20
    assert ParcelEvent.objects.filter(to_status=ParcelStatus.DISPOSAL_DUE).count() == 20
    assert DisposalNotice.objects.count() == 20
