"""The API: a shipment's tracking timeline, and claims (open, list, read, add information). A
customer sees only their own; refusals use the one error body."""

from decimal import Decimal

import pytest

from tests.tracking.factories import shipped_shipment
from tracking import services
from tracking.models import Claim
from tracking.services import tracking_events_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_client, user):
    api_client.force_authenticate(user)
    return api_client


@pytest.fixture
def delivered(ems, user):
    return shipped_shipment(service=ems, user=user, status="delivered")


def test_the_timeline_lists_our_events_then_the_carriers_with_its_tracking_page(api, ems, user):
    from tests.tracking.test_polling import _event

    box = shipped_shipment(service=ems, user=user)
    box.events.create(from_status="packed", to_status="shipped", reason="Handed to Japan Post")
    tracking_events_record(
        shipment_id=box.pk,
        carrier="japan_post",
        events=[_event("2026-11-21T08:00:00+00:00", "transit", "Dispatch from outward office")],
    )

    body = api.get(f"/api/v1/shipments/{box.pk}/tracking/").json()

    assert [(e["source"], e["status"]) for e in body["timeline"]] == [
        ("ours", "shipped"),
        ("carrier", "in_transit"),
    ]
    assert body["timeline"][1]["description"] == "Dispatch from outward office"
    assert body["tracking_url"].endswith(box.tracking_number)
    assert body["stalled_since"] is None


def test_another_customers_shipment_and_claim_are_404(api, ems, other_user):
    theirs = shipped_shipment(service=ems, user=other_user, status="delivered")
    claim = services.claim_open(
        user=other_user,
        kind="lost",
        description="gone",
        amount_claimed=Decimal(100),
        shipment_id=theirs.pk,
    )

    assert api.get(f"/api/v1/shipments/{theirs.pk}/tracking/").status_code == 404
    assert api.get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    response = api.post(f"/api/v1/claims/{claim.pk}/information/", {"text": "x"}, format="json")
    assert response.status_code == 404
    assert api.get("/api/v1/claims/").json()["results"] == []
    assert not claim.notes.exists()


def test_a_customer_opens_a_claim_and_adds_information(api, delivered):
    created = api.post(
        "/api/v1/claims/",
        {
            "shipment": delivered.pk,
            "kind": "damaged",
            "description": "Cracked screen",
            "amount_claimed": 12000,
        },
        format="json",
    )
    claim_id = created.json()["id"]
    added = api.post(
        f"/api/v1/claims/{claim_id}/information/", {"text": "Receipt attached"}, format="json"
    )

    assert created.status_code == 201
    assert created.json()["status"] == "submitted"
    assert created.json()["liability"] == "carrier"
    assert added.status_code == 200
    assert added.json()["notes"][0]["text"] == "Receipt attached"
    listed = api.get("/api/v1/claims/").json()["results"]
    assert [c["number"] for c in listed] == [Claim.objects.get().number]


def test_a_claim_above_the_cap_answers_400_on_the_field(api, delivered):
    response = api.post(
        "/api/v1/claims/",
        {"shipment": delivered.pk, "kind": "lost", "description": "x", "amount_claimed": 999999},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["type"] == "domain_error"
    assert "amount_claimed" in response.json()["errors"]
    assert not Claim.objects.exists()
