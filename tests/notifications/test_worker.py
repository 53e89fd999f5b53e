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


def test_a_message_whose_worker_died_is_sent_once_by_the_next_sweep(celery_worker_process, user):
    """A worker killed while sending loses its task (Redis redelivers unacked tasks only after an
    hour). The row stays pending with `next_attempt_at` a grace period ahead; once that passed,
    the every-minute sweep sends it, once, however often the sweep runs."""
    from datetime import timedelta

    from django.utils import timezone

    lost = Notification.objects.create(
        user=user,
        event="account.test_worker",
        channel=Notification.Channel.EMAIL,
        recipient=user.email,
        subject="Lost in a killed worker",
        body_text="hello",
        next_attempt_at=timezone.now() + services.REDELIVERY_GRACE,
    )
    tasks.deliver_pending.delay()  # within the grace period the sweep leaves it alone
    assert wait_until(
        lambda: any(
            "deliver_pending" in line and "succeeded" in line for line in celery_worker_process.log
        )
    ), "".join(celery_worker_process.log)
    assert Notification.objects.get(pk=lost.pk).status == Notification.Status.PENDING

    Notification.objects.filter(pk=lost.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    tasks.deliver_pending.delay()
    tasks.deliver_pending.delay()

    assert wait_until(
        lambda: Notification.objects.get(pk=lost.pk).status == Notification.Status.SENT
    ), "".join(celery_worker_process.log)
    assert wait_until(
        lambda: (
            sum(
                "deliver_pending" in line and "succeeded" in line
                for line in celery_worker_process.log
            )
            >= 3
        )
    )
    sent = [
        path
        for path in celery_worker_process.mail_dir.iterdir()
        if "Lost in a killed worker" in path.read_text()
    ]
    assert len(sent) == 1
