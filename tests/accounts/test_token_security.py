"""Personal access tokens: guessing is throttled, and a password change ends every token."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import AccessToken
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_wrong_bearer_tokens_are_throttled_per_client(api_client, user, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "bad_token": "3/minute",
        },
    }
    _, secret = services.access_token_create(user=user, name="script")
    api_client.credentials(HTTP_AUTHORIZATION="Bearer tsj_guess")

    answers = [api_client.get("/api/v1/me/").status_code for _ in range(5)]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    blocked = api_client.get("/api/v1/me/")

    assert answers == [401, 401, 401, 429, 429]
    assert blocked.status_code == 429  # even a right guess waits: no oracle while throttled
    assert blocked.json()["type"] == "throttled"


def test_a_good_token_does_not_use_up_the_failure_budget(api_client, user, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "bad_token": "2/minute",
        },
    }
    _, secret = services.access_token_create(user=user, name="script")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    answers = [api_client.get("/api/v1/me/").status_code for _ in range(5)]

    assert answers == [200] * 5


def test_changing_the_password_ends_every_api_token(client, api_client, user):
    _, secret = services.access_token_create(user=user, name="script")
    client.force_login(user)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "n3w-Passw0rd!x", "password2": "n3w-Passw0rd!x"},
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    user.refresh_from_db()
    assert user.check_password("n3w-Passw0rd!x")
    assert not AccessToken.objects.usable().filter(user=user).exists()
    assert api_client.get("/api/v1/me/").status_code == 401


def test_a_superuser_setting_a_password_ends_the_members_tokens(client, superuser, user):
    services.access_token_create(user=user, name="script")
    client.force_login(superuser)

    client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "n3w-Passw0rd!x", "password2": "n3w-Passw0rd!x", "usable_password": "true"},
    )

    assert not AccessToken.objects.usable().filter(user=user).exists()
