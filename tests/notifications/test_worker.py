"""A real Celery worker process, on the configured broker (Redis in CI), delivers the outbox."""

import pytest
from django.db import transaction

from notifications import services, tasks
from notifications.models import Notification
from tests.conftest import wait_until

pytestmark = [pytest.mark.celery_worker]


def test_a_real_worker_delivers_a_committed_notification_exactly_once(celery_worker_process, user):
    with transaction.atomic():
        notification = services.notify(user=user, event="account.test_worker", context={})

    assert wait_until(
        lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT
    ), "".join(celery_worker_process.log)
    tasks.deliver.delay(notification.pk)  # enqueued again: the worker must not send twice
    tasks.deliver.delay(notification.pk)
    assert wait_until(
        lambda: (
            sum("deliver" in line and "succeeded" in line for line in celery_worker_process.log)
            >= 3
        )
    )

    sent = list(celery_worker_process.mail_dir.iterdir())
    assert len(sent) == 1
    assert user.email in sent[0].read_text()
