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
