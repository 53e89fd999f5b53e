from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services
from accounts.models import User
from accounts.states import AccountStatus
from accounts.tasks import remind_stale_passwords
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVENT = "account.password_reminder"


@pytest.fixture(autouse=True)
def _deliver_at_once(mail_now):
    pass


def _password_age(user, days):
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=days)
    )


def test_a_member_with_an_old_password_is_emailed_once(user):
    _password_age(user, 181)

    remind_stale_passwords()
    remind_stale_passwords()  # twice: one reminder per password

    assert Notification.objects.filter(user=user, event=EVENT).count() == 1
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "/accounts/password/change/" in mail.outbox[0].body
    user.refresh_from_db()
    assert user.password_reminded_at is not None


def test_a_recent_password_gets_no_reminder(user):
    _password_age(user, 179)

    reminded = services.password_reminders_send(now=timezone.now())

    assert reminded == 0
    assert not Notification.objects.filter(user=user, event=EVENT).exists()
    assert mail.outbox == []
    user.refresh_from_db()
    assert user.password_reminded_at is None


def test_the_age_limit_is_the_configured_setting(user, settings):
    from constance.test import override_config

    _password_age(user, 40)

    with override_config(PASSWORD_MAX_AGE_DAYS=30):
        reminded = services.password_reminders_send(now=timezone.now())

    assert reminded == 1
    assert Notification.objects.filter(user=user, event=EVENT).count() == 1


def test_changing_the_password_re_arms_the_reminder(user, password):
    _password_age(user, 200)
    services.password_reminders_send(now=timezone.now())
    user.refresh_from_db()
    user.set_password(password + "-new")
    user.save()

    services.password_reminders_send(now=timezone.now())
    assert Notification.objects.filter(user=user, event=EVENT).count() == 1

    services.password_reminders_send(now=timezone.now() + timedelta(days=181))

    assert Notification.objects.filter(user=user, event=EVENT).count() == 2


def test_closed_accounts_and_unusable_passwords_get_no_reminder(db):
    withdrawn = UserFactory(status=AccountStatus.WITHDRAWN)
    applicant = UserFactory(status=AccountStatus.APPLIED, member_code=None)
    no_password = UserFactory()
    no_password.set_unusable_password()
    no_password.save()
    for user in (withdrawn, applicant, no_password):
        _password_age(user, 365)

    reminded = services.password_reminders_send(now=timezone.now())

    assert reminded == 0
    assert not Notification.objects.filter(event=EVENT).exists()
    assert mail.outbox == []


def test_the_reminder_is_written_in_the_members_language(db):
    member = UserFactory(language="ja")
    _password_age(member, 181)

    services.password_reminders_send(now=timezone.now())

    assert Notification.objects.get(user=member, event=EVENT).language == "ja"


@pytest.mark.parametrize("members", [1, 3, 7])
def test_the_reminders_go_out_in_batches_and_each_member_once(db, members):
    batch = UserFactory.create_batch(members)
    for member in batch:
        _password_age(member, 181)

    reminded = services.password_reminders_send(now=timezone.now(), batch_size=2)

    assert reminded == members
    assert Notification.objects.filter(event=EVENT).count() == members
    assert set(Notification.objects.filter(event=EVENT).values_list("user_id", flat=True)) == {
        member.pk for member in batch
    }


def test_the_password_reminder_is_scheduled_daily(db):
    from django_celery_beat.models import PeriodicTask

    from transship.schedule import periodic_tasks_sync

    periodic_tasks_sync()

    assert PeriodicTask.objects.filter(task="accounts.remind_stale_passwords").exists()
