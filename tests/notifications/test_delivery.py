"""Delivery claims the outbox row, sends with no transaction open, then records the outcome: no
row lock is held while SMTP is on the line, and a message is still sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from notifications import services
from notifications.models import Notification


class RecordingBackend(EmailBackend):
    """The locmem backend, noting whether a transaction was open when each message went out, and
    running `during_send` (a second worker's task) while the message is on the line."""

    in_atomic_block: list[bool] = []
    during_send = None

    def send_messages(self, messages):
        RecordingBackend.in_atomic_block.append(connection.in_atomic_block)
        if RecordingBackend.during_send is not None:
            RecordingBackend.during_send()
        return super().send_messages(messages)


@pytest.fixture
def recording_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.in_atomic_block = []
    RecordingBackend.during_send = None
    yield RecordingBackend
    RecordingBackend.during_send = None


def _pending(user, **fields) -> Notification:
    fields.setdefault("next_attempt_at", timezone.now() + services.REDELIVERY_GRACE)
    return Notification.objects.create(
        user=user,
        event="test.event",
        channel=Notification.Channel.EMAIL,
        recipient=user.email,
        subject="Hello",
        body_text="hello",
        **fields,
    )


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_email_goes_out(user, recording_backend):
    notification = _pending(user)

    services.notification_deliver(notification_id=notification.pk)

    assert recording_backend.in_atomic_block == [False]
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_task_while_the_message_is_being_sent_sends_nothing(user, recording_backend):
    notification = _pending(user)
    seen: list[str] = []

    def second_worker() -> None:
        again = services.notification_deliver(notification_id=notification.pk)
        seen.append(again.status)

    recording_backend.during_send = second_worker

    services.notification_deliver(notification_id=notification.pk)

    assert seen == [Notification.Status.SENDING]
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


@pytest.mark.django_db
def test_a_claim_whose_worker_died_is_sent_again_after_its_lease(user):
    now = timezone.now()
    dead = _pending(
        user, status=Notification.Status.SENDING, attempts=1, next_attempt_at=now + timedelta(1)
    )

    assert services.notifications_due_claim(now=now) == []  # the lease still runs
    assert services.notification_deliver(notification_id=dead.pk).status == "sending"
    assert mail.outbox == []

    later = now + services.SEND_LEASE + timedelta(days=1)
    assert services.notifications_due_claim(now=later) == [dead.pk]
    services.notification_deliver(notification_id=dead.pk)

    dead.refresh_from_db()
    assert dead.status == Notification.Status.SENT
    assert dead.attempts == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_row_whose_workers_keep_dying_is_given_up(user):
    from constance import config

    config.NOTIFICATION_MAX_ATTEMPTS = 2
    dead = _pending(user, attempts=2)

    services.notification_deliver(notification_id=dead.pk)

    dead.refresh_from_db()
    assert dead.status == Notification.Status.FAILED
    assert dead.last_error == "delivery interrupted"
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_outcome_is_not_recorded_over_a_lost_claim(user):
    """A worker that outlived its lease does not overwrite the row another worker claimed since."""
    notification = _pending(user)
    claimed, _ = services._delivery_claim(notification_id=notification.pk)
    Notification.objects.filter(pk=notification.pk).update(attempts=2)  # claimed again

    services._delivery_record(notification=claimed, error=None)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENDING
    assert notification.sent_at is None
