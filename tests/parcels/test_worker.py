from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from parcels import tasks
from parcels.states import ParcelStatus
from tests.conftest import wait_until

pytestmark = pytest.mark.celery_worker


def test_a_real_worker_sweeps_storage_and_sends_the_reminder_and_disposal_notice_once(
    celery_worker_process, user, parcel_factory
):
    parcel = parcel_factory(owner=user, received_at=timezone.now() - timedelta(days=31))
    late = parcel_factory(owner=user, received_at=timezone.now() - timedelta(days=61))

    tasks.sweep_storage.delay()
    tasks.sweep_storage.delay()  # twice: idempotent

    def reminded() -> bool:
        return Notification.objects.filter(
            event="parcel.storage_reminder", status=Notification.Status.SENT
        ).exists()

    def disposal_noticed() -> bool:
        return Notification.objects.filter(
            event="parcel.disposal_due", status=Notification.Status.SENT
        ).exists()

    assert wait_until(reminded), "".join(celery_worker_process.log)
    assert wait_until(disposal_noticed), "".join(celery_worker_process.log)
    assert wait_until(
        lambda: (
            sum(
                "sweep_storage" in line and "succeeded" in line
                for line in celery_worker_process.log
            )
            >= 2
        )
    )
    late.refresh_from_db()
    assert late.status == ParcelStatus.DISPOSAL_DUE
    assert Notification.objects.filter(event="parcel.storage_reminder").count() == 1
    assert Notification.objects.get(event="parcel.storage_reminder").context["parcel_id"] == (
        parcel.pk
    )
    assert Notification.objects.get(event="parcel.disposal_due").context["parcel_id"] == late.pk
