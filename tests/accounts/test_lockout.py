import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import LoginFailure
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deliver_at_once(mail_now):
    pass


def _login(client, email, password, ip="203.0.113.5"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_the_fifth_wrong_password_locks_the_login_and_emails_the_user(client, user):
    for _ in range(4):
        _login(client, user.email, "wrong password")
    user.refresh_from_db()
    assert user.login_locked_at is None
    assert not [m for m in mail.outbox if "locked" in m.subject]

    _login(client, user.email, "wrong password")

    user.refresh_from_db()
    assert user.login_locked_at is not None
    locked_mails = [m for m in mail.outbox if "locked" in m.subject]
    assert len(locked_mails) == 1
    assert locked_mails[0].to == [user.email]
    assert "/accounts/password/reset/" in locked_mails[0].body


def test_a_locked_account_refuses_even_the_right_password(client, user):
    for _ in range(5):
        _login(client, user.email, "wrong password")

    response = _login(client, user.email, PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "locked" in response.content.decode()


def test_failures_from_many_addresses_show_in_the_admin(client, user, superuser):
    for n in range(5):
        _login(client, user.email, "wrong password", ip=f"198.51.100.{n}")
    client.force_login(superuser)

    response = client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    page = response.content.decode()
    assert "198.51.100.0" in page
    assert "198.51.100.4" in page
    listing = client.get(reverse("admin:accounts_user_changelist") + "?locked=yes")
    assert user.email in listing.content.decode()


def test_a_password_reset_unlocks_the_login(client, user):
    for _ in range(5):
        _login(client, user.email, "wrong password")

    services.login_unlock(user_id=user.pk)
    response = _login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_old_failures_outside_the_window_do_not_count(client, user):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(4):
        _login(client, user.email, "wrong password")
    LoginFailure.objects.filter(user=user).update(created_at=timezone.now() - timedelta(minutes=16))

    _login(client, user.email, "wrong password")

    user.refresh_from_db()
    assert user.login_locked_at is None


def test_wrong_passwords_for_an_unknown_email_record_nothing(client, db):
    for _ in range(6):
        _login(client, "nobody@example.com", "wrong password")

    assert not LoginFailure.objects.exists()
    assert not mail.outbox
