"""Privacy requests in /api/v1/: only the owner sees them; errors are field-level 4xx."""

import io
import zipfile

import pytest

from privacy import services, tasks
from privacy.models import PrivacyRequest

pytestmark = pytest.mark.django_db


def test_a_customer_creates_and_lists_their_requests(api_client, customer):
    api_client.force_authenticate(customer)

    created = api_client.post("/api/v1/privacy/requests/", {"kind": "access"}, format="json")
    listed = api_client.get("/api/v1/privacy/requests/")

    assert created.status_code == 201
    assert created.json()["status"] == "received"
    assert [r["id"] for r in listed.json()["results"]] == [created.json()["id"]]


def test_a_deletion_without_a_ground_is_a_field_error(api_client, customer):
    api_client.force_authenticate(customer)

    response = api_client.post("/api/v1/privacy/requests/", {"kind": "deletion"}, format="json")

    assert response.status_code == 400
    assert "deletion_ground" in response.json()["errors"]
    assert not PrivacyRequest.objects.exists()


def test_another_users_request_is_not_found(api_client, customer, other_user):
    request = services.privacy_request_create(user=customer, kind="access")
    api_client.force_authenticate(other_user)

    detail = api_client.get(f"/api/v1/privacy/requests/{request.pk}/")
    download = api_client.post(f"/api/v1/privacy/requests/{request.pk}/download/")
    listed = api_client.get("/api/v1/privacy/requests/")

    assert detail.status_code == 404
    assert download.status_code == 404
    assert listed.json()["results"] == []


def test_a_ready_export_downloads_once_through_the_api(api_client, customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document"
    )
    services.privacy_request_process(request_id=request.pk, actor=support_agent)
    tasks.build_export(request.pk)
    api_client.force_authenticate(customer)

    first = api_client.post(f"/api/v1/privacy/requests/{request.pk}/download/")
    second = api_client.post(f"/api/v1/privacy/requests/{request.pk}/download/")

    assert first.status_code == 200
    assert first["Content-Type"] == "application/zip"
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(first.content)).namelist()
    assert second.status_code == 400


def test_the_api_needs_a_login(api_client):
    assert api_client.get("/api/v1/privacy/requests/").status_code in (401, 403)


def test_privacy_requests_are_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    assert "/api/v1/privacy/requests/" in schema["paths"]
    assert "/api/v1/privacy/requests/{id}/download/" in schema["paths"]


def test_listing_requests_has_a_fixed_query_budget(
    api_client, customer, django_assert_max_num_queries
):
    from privacy.models import PrivacyRequest as Model

    api_client.force_authenticate(customer)
    for n in (1, 20):
        Model.objects.filter(user=customer).delete()
        for _ in range(n):
            services.privacy_request_create(user=customer, kind="access")
            Model.objects.filter(user=customer).update(status="withdrawn")
        with django_assert_max_num_queries(8):
            assert len(api_client.get("/api/v1/privacy/requests/").json()["results"]) == n
