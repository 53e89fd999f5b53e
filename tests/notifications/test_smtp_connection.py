"""A worker keeps one SMTP connection from one message to the next (#15), and reconnects when the
relay has closed it."""

import pytest

from notifications import services
from notifications.models import Notification
from tests.notifications.smtp_fake import FakeSMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = FakeSMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    services._mail_connection.drop()
    server.stop()


def _deliver(user, count: int) -> list[Notification]:
    rows = [
        Notification.objects.create(
            user=user,
            event="test.event",
            channel=Notification.Channel.EMAIL,
            recipient=user.email,
            subject=f"Hello {n}",
            body_text="hello",
        )
        for n in range(count)
    ]
    for row in rows:
        services.notification_deliver(notification_id=row.pk)
        row.refresh_from_db()
    return rows


def test_messages_in_a_row_share_one_smtp_connection(user, smtp):
    rows = _deliver(user, 3)

    assert [r.status for r in rows] == [Notification.Status.SENT] * 3
    assert len(smtp.messages) == 3
    assert smtp.connections == 1


def test_a_connection_the_relay_closed_is_reopened_and_the_message_sent(user, smtp):
    smtp.close_after_each = True

    rows = _deliver(user, 3)

    assert [r.status for r in rows] == [Notification.Status.SENT] * 3
    assert [r.attempts for r in rows] == [1, 1, 1]
    assert len(smtp.messages) == 3
    assert smtp.connections == 3
