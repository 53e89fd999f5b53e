from decimal import Decimal

import pytest
from constance.test import override_config

from parcels.models import Parcel, Shipment
from parcels.states import ParcelStatus

pytestmark = pytest.mark.django_db

DECLARATION = {
    "tracking_number": "2222-3333-4444",
    "carrier": "sagawa",
    "shop_name": "Mercari",
    "items": [{"description": "Figure", "category": "toys", "quantity": 2, "unit_value": 3500}],
}


@pytest.fixture
def api(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_a_customer_declares_lists_and_edits_through_the_api(api, user):
    created = api.post("/api/v1/declarations/", DECLARATION, format="json")
    pk = created.json()["id"]
    edited = api.patch(f"/api/v1/declarations/{pk}/", {"shop_name": "Suruga-ya"}, format="json")
    listed = api.get("/api/v1/declarations/")

    assert created.status_code == 201
    assert created.json()["items"][0]["hs_code"] == "950300"
    assert edited.json()["shop_name"] == "Suruga-ya"
    assert [row["id"] for row in listed.json()["results"]] == [pk]


def test_a_prohibited_declaration_answers_400_with_the_field(api):
    body = {
        **DECLARATION,
        "items": [
            {"description": "Cash", "category": "p_cash", "quantity": 1, "unit_value": 10000}
        ],
    }

    response = api.post("/api/v1/declarations/", body, format="json")

    assert response.status_code == 400
    assert "article 10" in response.json()["errors"]["items"][0]
    assert not Parcel.objects.exists()


def test_a_negative_value_answers_400_field_by_field(api):
    body = {
        **DECLARATION,
        "items": [
            {"description": "Pen", "category": "other_goods", "quantity": 1, "unit_value": -1}
        ],
    }

    response = api.post("/api/v1/declarations/", body, format="json")

    assert response.status_code == 400
    assert "items" in response.json()["errors"]


def test_a_received_parcel_can_no_longer_be_edited(api, stored_parcel):
    response = api.patch(
        f"/api/v1/declarations/{stored_parcel.pk}/", {"shop_name": "X"}, format="json"
    )

    assert response.status_code == 400
    stored_parcel.refresh_from_db()
    assert stored_parcel.shop_name == "Amazon JP"


def test_parcel_detail_has_timeline_and_photos(api, stored_parcel):
    response = api.get(f"/api/v1/parcels/{stored_parcel.pk}/")

    body = response.json()
    assert body["status"] == "stored"
    assert [e["to_status"] for e in body["events"]] == ["expected", "received", "stored"]
    assert body["photos"] == []


def test_parcels_filter_by_status(api, user, parcel_factory):
    parcel_factory(owner=user, status=ParcelStatus.STORED)
    parcel_factory(owner=user, status=ParcelStatus.SHIPPED)

    response = api.get("/api/v1/parcels/", {"status": "shipped"})

    assert [row["status"] for row in response.json()["results"]] == ["shipped"]


def test_another_customers_rows_are_404(api, other_user, parcel_factory):
    theirs = parcel_factory(owner=other_user)

    assert api.get(f"/api/v1/parcels/{theirs.pk}/").status_code == 404
    assert api.patch(f"/api/v1/declarations/{theirs.pk}/", {}, format="json").status_code == 404
    assert api.get("/api/v1/shipments/999/").status_code == 404
    assert api.post("/api/v1/shipments/999/cancel/").status_code == 404


def test_a_shipment_is_requested_listed_and_cancelled(
    api, user, parcel_factory, address, carrier_service
):
    parcels = [parcel_factory(owner=user) for _ in range(2)]

    created = api.post(
        "/api/v1/shipments/",
        {
            "parcels": [p.pk for p in parcels],
            "recipient": address.pk,
            "service": carrier_service.pk,
            "customs_confirmed": True,
            "customs_category": "sale_of_goods",
        },
        format="json",
    )
    pk = created.json()["id"]
    listed = api.get("/api/v1/shipments/")
    cancelled = api.post(f"/api/v1/shipments/{pk}/cancel/")

    assert created.status_code == 201
    assert len(created.json()["customs_lines"]) == 2
    assert listed.json()["results"][0]["number"] == created.json()["number"]
    assert cancelled.json()["status"] == "cancelled"


def test_a_shipment_over_the_weight_limit_answers_400_on_service(
    api, user, parcel_factory, address, sea_mail
):
    parcel = parcel_factory(owner=user, weight_g=5000)

    response = api.post(
        "/api/v1/shipments/",
        {
            "parcels": [parcel.pk],
            "recipient": address.pk,
            "service": sea_mail.pk,
            "customs_confirmed": True,
            "customs_category": "sale_of_goods",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "service" in response.json()["errors"]
    assert not Shipment.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()

    for endpoint in (
        "/api/v1/declarations/",
        "/api/v1/parcels/{id}/",
        "/api/v1/shipments/",
        "/api/v1/shipments/{id}/cancel/",
        "/api/v1/shipments/preview/",
    ):
        assert endpoint in schema


def _preview(api, parcels, **extra):
    return api.post(
        "/api/v1/shipments/preview/", {"parcels": [p.pk for p in parcels], **extra}, format="json"
    )


def test_the_preview_shows_what_the_request_then_records(
    api, user, parcel_factory, address, carrier_service
):
    parcels = [
        parcel_factory(
            owner=user,
            items=[{"description": f"Figure {n}", "quantity": 2, "unit_value": 1500 + n}],
        )
        for n in range(2)
    ]

    preview = _preview(api, parcels, service=carrier_service.pk)
    created = api.post(
        "/api/v1/shipments/",
        {
            "parcels": [p.pk for p in parcels],
            "recipient": address.pk,
            "service": carrier_service.pk,
            "customs_confirmed": True,
            "customs_category": "gift",
        },
        format="json",
    )

    assert preview.status_code == 200
    body = preview.json()
    assert body["declared_value"] == "6002"
    assert Decimal(body["cn22_limit_jpy"]) > 6002
    assert body["customs_form"] == "CN22"
    assert body["needs_export_declaration"] is False
    assert body["problems"] == []
    assert [(line["parcel"], line["description"], line["value"]) for line in body["lines"]] == [
        (parcels[0].code, "Figure 0", "3000"),
        (parcels[1].code, "Figure 1", "3002"),
    ]
    shipment = created.json()
    assert (shipment["declared_value"], shipment["customs_form"]) == ("6002", "CN22")
    assert shipment["needs_export_declaration"] is False
    # previewing changed nothing: both parcels were still in storage to be requested
    assert created.status_code == 201


@override_config(EXPORT_DECLARATION_THRESHOLD_JPY=100_000)
def test_the_preview_names_the_cn23_and_the_export_declaration_above_their_limits(
    api, user, parcel_factory, carrier_service
):
    parcel = parcel_factory(
        owner=user, items=[{"description": "Camera", "quantity": 1, "unit_value": 150_000}]
    )
    small = parcel_factory(
        owner=user, items=[{"description": "Socks", "quantity": 1, "unit_value": 500}]
    )

    big = _preview(api, [parcel]).json()
    carrier_service.requires_cn23 = True
    carrier_service.save()
    always = _preview(api, [small], service=carrier_service.pk).json()

    assert (big["customs_form"], big["needs_export_declaration"]) == ("CN23", True)
    assert (always["customs_form"], always["needs_export_declaration"]) == ("CN23", False)


def test_the_preview_lists_what_to_fix_in_the_contents(api, user, parcel_factory):
    parcel = parcel_factory(
        owner=user, items=[{"description": "Figure", "quantity": 1, "unit_value": 900}]
    )
    parcel.items.update(hs_code="")

    body = _preview(api, [parcel]).json()

    assert body["problems"] == [f"{parcel.code}, line 1: enter the HS tariff code."]


def test_the_preview_of_parcels_not_yours_or_not_stored_answers_400(
    api, user, other_user, parcel_factory
):
    others = parcel_factory(owner=other_user)
    declared = parcel_factory(owner=user, status=ParcelStatus.EXPECTED)
    mine = parcel_factory(owner=user)

    for parcels, extra, field in (
        ([others], {}, "parcels"),
        ([declared], {}, "parcels"),
        ([mine], {"service": 999_999}, "service"),
        ([], {}, "parcels"),
    ):
        response = _preview(api, parcels, **extra)
        assert response.status_code == 400, (parcels, extra)
        assert field in response.json()["errors"]
