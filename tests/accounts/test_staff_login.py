"""Staff log in through the same allauth login as customers (rate limits, lockout, MFA stage);
the admin's own login form logs nobody in; with STAFF_MFA_REQUIRED the admin needs TOTP."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def _login(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_admin_sends_staff_to_the_sites_login(client):
    admin_index = client.get("/admin/")
    admin_login = client.get(admin_index["Location"])

    assert admin_index.status_code == 302
    assert admin_login.status_code == 302
    assert admin_login["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_posting_a_password_to_the_admin_login_logs_nobody_in(client, staff_user):
    response = client.post("/admin/login/", {"username": staff_user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_the_admin_login_refuses_to_send_anyone_off_site(client):
    response = client.get("/admin/login/", {"next": "https://evil.example/"})

    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_a_customer_who_opens_the_admin_login_is_refused(client, user):
    client.force_login(user)

    response = client.get("/admin/login/")

    assert response.status_code == 403


def test_a_locked_staff_account_does_not_reach_the_admin(client, staff_user):
    for _ in range(5):
        _login(client, staff_user.email, "wrong password")

    _login(client, staff_user.email)
    admin = client.get("/admin/")

    staff_user.refresh_from_db()
    assert staff_user.login_locked_at is not None
    assert "_auth_user_id" not in client.session
    assert admin.status_code == 302


def test_staff_with_totp_need_the_code_before_the_admin(client, staff_user, settings):
    settings.STAFF_MFA_REQUIRED = True
    secret = generate_totp_secret()
    TOTP.activate(staff_user, secret)

    after_password = _login(client, staff_user.email)
    admin_before_code = client.get("/admin/")
    client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    admin_after_code = client.get("/admin/")

    assert after_password["Location"] == reverse("mfa_authenticate")
    assert admin_before_code.status_code == 302
    assert admin_after_code.status_code == 200


def test_a_staff_session_without_the_second_factor_must_log_in_again(client, staff_user, settings):
    settings.STAFF_MFA_REQUIRED = True
    TOTP.activate(staff_user, generate_totp_secret())
    client.force_login(staff_user)  # e.g. a session from before TOTP was turned on

    response = client.get("/admin/parcels/parcel/")

    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, staff_user, settings):
    settings.STAFF_MFA_REQUIRED = True
    _login(client, staff_user.email)

    response = client.get("/admin/")

    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_customers_pages_do_not_ask_for_a_second_factor(client, user, settings):
    settings.STAFF_MFA_REQUIRED = True
    _login(client, user.email)

    response = client.get(reverse("accounts:dashboard"))

    assert response.status_code == 200


def test_production_requires_staff_mfa_by_default():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **{k: v for k, v in os.environ.items() if k != "STAFF_MFA_REQUIRED"},
        "DEBUG": "false",
        "SECRET_KEY": "z" * 64,
        "ALLOWED_HOSTS": "shop.example.com",
        "FIELD_ENCRYPTION_KEYS": "mF0mZq2xd8Jq6yH5n0f6E9kV1s3rY7uB4cW2eT8aL5g=",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from django.conf import settings; print(settings.STAFF_MFA_REQUIRED)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={**env, "DJANGO_SETTINGS_MODULE": "transship.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.stdout.strip() == "True", result.stderr


def test_flash_messages_never_travel_in_a_cookie(client, user):
    response = _login(client, user.email)
    page = client.get(response["Location"], follow=True)

    assert "messages" not in response.cookies
    assert "messages" not in page.cookies
    assert user.email not in "".join(c.value for c in client.cookies.values())
