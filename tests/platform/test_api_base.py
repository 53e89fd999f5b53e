from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AccessToken

pytestmark = pytest.mark.django_db


def _token_for(user, **extra) -> str:
    secret = AccessToken.new_secret()
    AccessToken.objects.create(
        user=user, name="script", digest=AccessToken.digest_of(secret), hint=secret[:8], **extra
    )
    return secret


def test_an_anonymous_call_gets_the_common_error_body(api_client):
    response = api_client.get("/api/v1/notifications/")

    assert response.status_code in (401, 403)
    assert response.json()["type"] == "not_authenticated"
    assert response.json()["errors"] == {}
    assert response.json()["detail"]


def test_bad_input_gets_a_field_level_error_body(api_client, user):
    api_client.force_authenticate(user)

    response = api_client.post("/api/v1/notifications/read/", {"ids": ["x"]}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert "ids" in body["errors"]


def test_a_personal_access_token_authenticates_a_program(api_client, user):
    secret = _token_for(user)

    response = api_client.get("/api/v1/notifications/", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 200
    assert AccessToken.objects.get(user=user).last_used_at is not None


@pytest.mark.parametrize(
    "extra",
    [
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - timedelta(minutes=1)},
    ],
)
def test_a_revoked_or_expired_token_is_refused(api_client, user, extra):
    secret = _token_for(user, **extra)

    response = api_client.get("/api/v1/notifications/", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"


def test_the_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert "/api/v1/notifications/" in schema.json()["paths"]
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()


def test_a_program_calling_too_fast_is_throttled(api_client, user):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    api_client.force_authenticate(user)
    UserRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "3/minute"}
    try:
        codes = [api_client.get("/api/v1/notifications/").status_code for _ in range(5)]
    finally:
        UserRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    assert codes[:3] == [200, 200, 200]
    assert codes[-1] == 429
    last = api_client.get("/api/v1/notifications/")
    assert last.status_code == 200 or last.json()["type"] == "throttled"
