import smtplib

import pytest
from django.core import mail
from django.db import transaction

from accounts.services import marketing_consent_set
from notifications import services, tasks
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_notification_written_in_a_rolled_back_transaction_is_never_sent(
    user, django_capture_on_commit_callbacks
):
    def change_that_fails() -> None:
        with transaction.atomic():
            services.notify(user=user, event="test.event", context={"parcel_code": "P1"})
            raise RuntimeError("the business change failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        change_that_fails()

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_a_committed_notification_is_delivered_once_even_when_the_task_runs_twice(
    user, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = services.notify(user=user, event="test.event", context={"parcel_code": "P7"})

    tasks.deliver(notification.pk)  # a retried or redelivered task

    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "P7" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives, "an HTML part is attached"


def test_the_message_is_rendered_in_the_users_language(user):
    user.language = "ja"
    user.save()

    notification = services.notify(user=user, event="test.event", context={"parcel_code": "P2"})

    assert notification.subject.endswith("[ja]")
    assert notification.language == "ja"


def test_a_failed_send_is_recorded_and_retried_then_given_up(user, settings, monkeypatch):
    notification = services.notify(user=user, event="test.event", context={"parcel_code": "P3"})

    def smtp_down(message):  # the SMTP server is outside this machine: fake it at the boundary
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setitem(services.SENDERS, Notification.Channel.EMAIL, smtp_down)
    with pytest.raises(services.TransientDeliveryError):
        services.notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert "connection lost" in notification.last_error

    from constance import config

    config.NOTIFICATION_MAX_ATTEMPTS = 2
    services.notification_deliver(notification_id=notification.pk)  # the last allowed attempt
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 2
    monkeypatch.undo()
    services.notification_deliver(notification_id=notification.pk)  # given up: never sent later
    assert mail.outbox == []


def test_marketing_is_not_written_without_consent(user):
    result = services.notify(
        user=user,
        event="marketing.newsletter",
        context={"subject": "Sale", "body": "Hi"},
        marketing=True,
    )

    assert result is None
    assert Notification.objects.count() == 0


def test_marketing_carries_one_click_unsubscribe(user, client):
    marketing_consent_set(user=user, channel="email", is_granted=True)
    notification = services.notify(
        user=user,
        event="marketing.newsletter",
        context={"subject": "Sale", "body": "Hi"},
        marketing=True,
    )

    services.notification_deliver(notification_id=notification.pk)

    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    path = url.split("://", 1)[1].split("/", 1)[1]

    looked = client.get("/" + path)  # a link scanner's GET must not unsubscribe
    assert looked.status_code == 200
    assert user.marketing_consents.get(channel="email").is_granted is True

    done = client.post("/" + path)  # the one-click POST, no login
    assert done.status_code == 200
    assert user.marketing_consents.get(channel="email").is_granted is False
    assert (
        services.notify(
            user=user,
            event="marketing.newsletter",
            context={"subject": "x", "body": "y"},
            marketing=True,
        )
        is None
    )


def test_a_forged_unsubscribe_link_is_refused(user, client):
    marketing_consent_set(user=user, channel="email", is_granted=True)

    response = client.post("/messages/unsubscribe/not-a-valid-token/")

    assert response.status_code == 400
    assert user.marketing_consents.get(channel="email").is_granted is True


def test_the_customer_reads_messages_on_the_site(user, other_user, client):
    services.notify(user=user, event="test.event", context={"parcel_code": "MINE"})
    services.notify(user=other_user, event="test.event", context={"parcel_code": "THEIRS"})
    client.force_login(user)

    page = client.get("/messages/").content.decode()
    client.post("/messages/read/")

    assert "MINE" in page
    assert "THEIRS" not in page
    assert Notification.objects.get(user=user).read_at is not None
    assert Notification.objects.get(user=other_user).read_at is None


def test_the_inbox_runs_a_constant_number_of_queries(user, client, django_assert_max_num_queries):
    client.force_login(user)
    for n in range(3):
        services.notify(user=user, event="test.event", context={"parcel_code": f"A{n}"})
    with django_assert_max_num_queries(8):
        client.get("/messages/")
    for n in range(30):
        services.notify(user=user, event="test.event", context={"parcel_code": f"B{n}"})
    with django_assert_max_num_queries(8):
        client.get("/messages/")


def test_a_text_message_goes_to_the_phone_through_the_sms_backend(user):
    from notifications.sms import LocmemBackend

    user.phone = "+8613800138000"
    user.save()

    notification = services.notify(
        user=user, event="test.sms", context={"code": "123456"}, channel="sms"
    )
    services.notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert LocmemBackend.outbox == [{"to": "+8613800138000", "text": "Your code is 123456."}]
    assert mail.outbox == []


def test_a_text_message_to_a_user_without_a_phone_is_skipped(user):
    from notifications.sms import LocmemBackend

    notification = services.notify(
        user=user, event="test.sms", context={"code": "1"}, channel="sms"
    )
    services.notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SKIPPED
    assert LocmemBackend.outbox == []


def test_addresses_are_encrypted_at_rest(user):
    from django.db import connection

    notification = services.notify(user=user, event="test.event", context={"parcel_code": "X"})

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT recipient FROM notifications_notification WHERE id = %s", [notification.pk]
        )
        stored = cursor.fetchone()[0]
    assert user.email not in stored
    assert Notification.objects.get(pk=notification.pk).recipient == user.email


def test_staff_see_the_outbox_masked(client, staff_user, user):
    notification = services.notify(
        user=user, event="test.event", context={"parcel_code": "PQZ-9071-MASKME"}
    )
    staff_user.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(codename="view_notification")
    )
    client.force_login(staff_user)

    listing = client.get("/admin/notifications/notification/").content.decode()
    detail = client.get(
        f"/admin/notifications/notification/{notification.pk}/change/"
    ).content.decode()

    assert user.email not in listing
    assert "PQZ-9071-MASKME" not in detail
