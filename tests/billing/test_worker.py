"""The overdue sweep as the beat schedule runs it: enqueued, then run by a real Celery worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from billing import tasks
from tests.billing.factories import InvoiceFactory
from tests.conftest import wait_until

pytestmark = pytest.mark.celery_worker


def test_a_real_worker_suspends_an_account_with_an_overdue_invoice(celery_worker_process, user):
    InvoiceFactory(user=user, due_date=timezone.localdate() - timedelta(days=90))

    tasks.suspend_overdue.delay()

    def suspended() -> bool:
        user.refresh_from_db()
        return user.status == "suspended"

    assert wait_until(suspended, timeout=60), "".join(celery_worker_process.log)


def test_a_real_worker_alarms_finance_of_an_overdue_remittance(
    celery_worker_process, user, finance_user
):
    from decimal import Decimal

    from billing import services
    from billing.models import Remittance
    from notifications.models import Notification
    from tests.billing.factories import disposed_parcel

    parcel = disposed_parcel(user=user, received_days_ago=10)
    services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=user.pk,
        received_at=parcel.received_at,
        sale_price=Decimal(20000),
        actor=None,
    )
    Remittance.objects.update(due_date=timezone.localdate() - timedelta(days=1))

    tasks.follow_up_remittances.delay()

    def alarmed() -> bool:
        return Notification.objects.filter(
            user=finance_user, event="billing.remittance_overdue"
        ).exists()

    assert wait_until(alarmed, timeout=60), "".join(celery_worker_process.log)
    assert Remittance.objects.get().overdue_alerted_at is not None
