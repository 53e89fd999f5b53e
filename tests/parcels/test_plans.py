"""Shipping plans for a customer's stored parcels (issue 19): the API, choosing a plan (one
shipment per box, each price guaranteed), the query budget, and the page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcels import planning, services
from parcels.models import Shipment
from parcels.states import ParcelStatus
from shipping.models import Rate
from tests.shipping.factories import CarrierServiceFactory, price_list
from transship.errors import DomainError

pytestmark = pytest.mark.django_db

# ePacket-like: cheap up to 2 kg; EMS: dear steps, 30 kg, no lithium batteries by air
SMALL_STEPS = ((500, 700), (1000, 1000), (2000, 1500))
EMS_STEPS = ((1000, 2000), (2000, 3000), (3000, 6000), (30000, 20000))


@pytest.fixture
def services_to_cn(db):
    small = CarrierServiceFactory(
        code="epacket", name="ePacket", max_weight_g=2000, transit_days=10, position=1
    )
    price_list(service=small, steps=SMALL_STEPS)
    ems = CarrierServiceFactory(
        code="ems", name="EMS", max_weight_g=30000, transit_days=4, position=2
    )
    price_list(service=ems, steps=EMS_STEPS)
    return small, ems


@pytest.fixture
def three_parcels(user, parcel_factory):
    # 1.2 kg each: one box 3.9 kg (EMS ¥20,000), three ePackets ¥1,500 each
    return [parcel_factory(owner=user, weight_g=1200) for _ in range(3)]


@pytest.fixture
def api(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def _plans(api, parcels, **extra):
    return api.post(
        "/api/v1/shipping-plans/",
        {"parcels": [p.pk for p in parcels], "country": "CN", **extra},
        format="json",
    )


def test_the_api_lists_the_cheapest_plan_first_with_its_saving(api, three_parcels, services_to_cn):
    response = _plans(api, three_parcels)

    assert response.status_code == 200
    body = response.json()
    assert body["plans"][0]["kind"] == "cheapest"
    assert {"one_box", "separately"} <= {p["kind"] for p in body["plans"]}
    cheapest = body["plans"][0]
    one_box = next(p for p in body["plans"] if p["kind"] == "one_box")
    assert Decimal(cheapest["total_jpy"]) <= Decimal(one_box["total_jpy"])
    assert Decimal(cheapest["saving_vs_one_box_jpy"]) == Decimal(one_box["total_jpy"]) - Decimal(
        cheapest["total_jpy"]
    )
    box = cheapest["boxes"][0]
    assert box["service_code"] == "epacket"
    assert box["weight_g"] == 1200 + 300  # the packing allowance, as the estimator adds
    assert box["customs_form"] in ("CN22", "CN23")
    assert sorted(k for b in cheapest["boxes"] for k in b["parcels"]) == sorted(
        p.pk for p in three_parcels
    )


def test_the_fastest_plan_comes_second_when_it_differs(api, three_parcels, services_to_cn):
    body = _plans(api, three_parcels).json()

    fastest = next(p for p in body["plans"] if p["kind"] == "fastest")
    assert body["plans"][1]["kind"] == "fastest"
    assert fastest["transit_days"] == 4
    assert all(b["service_code"] == "ems" for b in fastest["boxes"])


def test_parcels_kept_together_share_a_box(api, three_parcels, services_to_cn):
    a, b, _c = three_parcels

    body = _plans(api, three_parcels, keep_together=[[a.pk, b.pk]]).json()

    for plan in body["plans"]:
        assert any({a.pk, b.pk} <= set(box["parcels"]) for box in plan["boxes"])


def test_insuring_adds_the_premium_to_every_box(api, three_parcels, services_to_cn):
    body = _plans(api, three_parcels, insure=True).json()

    box = body["plans"][0]["boxes"][0]
    assert Decimal(box["insured_value_jpy"]) == Decimal(2 * 1500)
    assert Decimal(box["insurance_jpy"]) > 0


def test_a_request_without_parcels_answers_the_one_error_body(api, services_to_cn):
    response = api.post("/api/v1/shipping-plans/", {"country": "CN"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert "parcels" in body["errors"]


def test_another_members_parcel_is_refused_with_the_field(
    api, parcel_factory, services_to_cn, three_parcels
):
    stranger = parcel_factory()

    response = _plans(api, [*three_parcels, stranger])

    assert response.status_code == 400
    assert response.json()["type"] == "domain_error"
    assert "parcels" in response.json()["errors"]


def test_a_visitor_without_credentials_gets_401(api_client, three_parcels):
    response = _plans(api_client, three_parcels)

    assert response.status_code in (401, 403)
    assert "type" in response.json()


def test_one_plan_request_costs_the_same_queries_for_3_and_12_parcels(
    api, user, parcel_factory, services_to_cn
):
    few = [parcel_factory(owner=user, weight_g=400) for _ in range(3)]
    many = few + [parcel_factory(owner=user, weight_g=400) for _ in range(9)]
    _plans(api, few[:1])  # settings and the session cached, as on any later request

    with CaptureQueriesContext(connection) as small:
        assert _plans(api, few).status_code == 200
    with CaptureQueriesContext(connection) as large:
        assert _plans(api, many).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 15


def test_choosing_a_plan_requests_one_shipment_per_box_at_the_quoted_price(
    api, user, address, three_parcels, services_to_cn
):
    plan = _plans(api, three_parcels).json()["plans"][0]
    boxes = [
        {"parcels": b["parcels"], "service": b["service"], "carriage_jpy": b["carriage_jpy"]}
        for b in plan["boxes"]
    ]

    response = api.post(
        "/api/v1/shipping-plans/choose/",
        {
            "recipient": address.pk,
            "boxes": boxes,
            "customs_category": "gift",
            "customs_confirmed": True,
        },
        format="json",
    )

    assert response.status_code == 201
    shipments = response.json()["shipments"]
    assert len(shipments) == len(plan["boxes"])
    for shipment, box in zip(shipments, plan["boxes"], strict=True):
        assert sorted(shipment["parcels"]) == sorted(box["parcels"])
        assert Decimal(shipment["quoted_price"]) == Decimal(box["carriage_jpy"])
        stored = Shipment.objects.get(pk=shipment["id"])
        assert stored.estimated_weight_g == box["weight_g"]
    for parcel in three_parcels:
        parcel.refresh_from_db()
        assert parcel.status == ParcelStatus.PICKED


def test_a_box_whose_price_rose_refuses_the_whole_plan(
    user, address, three_parcels, services_to_cn
):
    small, _ems = services_to_cn
    result = planning.shipping_plans(
        user=user, parcel_ids=[p.pk for p in three_parcels], country="CN"
    )
    boxes = planning.plan_decode(planning.plan_encode(result.recommended))
    Rate.objects.filter(table__service=small).update(price=Decimal(9999))

    with pytest.raises(DomainError) as error:
        services.shipment_plan_choose(
            user=user,
            boxes=boxes,
            recipient_id=address.pk,
            insure=False,
            customs_confirmed=True,
            customs_category="gift",
        )

    assert error.value.field == "plan"
    assert not Shipment.objects.exists()
    three_parcels[0].refresh_from_db()
    assert three_parcels[0].status == ParcelStatus.STORED


def test_a_parcel_in_two_boxes_is_refused(user, address, three_parcels, services_to_cn):
    small, _ems = services_to_cn
    a, b, _c = three_parcels
    boxes = [
        planning.ChosenBox((a.pk, b.pk), small.pk, Decimal(3000)),
        planning.ChosenBox((b.pk,), small.pk, Decimal(3000)),
    ]

    with pytest.raises(DomainError):
        services.shipment_plan_choose(
            user=user,
            boxes=boxes,
            recipient_id=address.pk,
            insure=False,
            customs_confirmed=True,
            customs_category="gift",
        )

    assert not Shipment.objects.exists()


def test_a_service_that_refuses_batteries_refuses_a_single_request_too(
    user, address, parcel_factory, services_to_cn
):
    small, _ems = services_to_cn
    small.carries_batteries = False
    small.save()
    parcel = parcel_factory(owner=user, weight_g=500)
    parcel.items.update(contains_batteries=True)

    with pytest.raises(DomainError) as error:
        services.shipment_request(
            user=user,
            parcel_ids=[parcel.pk],
            recipient_id=address.pk,
            service_id=small.pk,
            customs_confirmed=True,
            customs_category="gift",
        )

    assert "batteries" in str(error.value.message)
    result = planning.shipping_plans(user=user, parcel_ids=[parcel.pk], country="CN")
    assert result.recommended.boxes[0].service.code == "ems"


def test_the_page_shows_the_plans_and_ships_the_chosen_one(
    client, user, address, three_parcels, services_to_cn
):
    client.force_login(user)
    ids = [str(p.pk) for p in three_parcels]

    page = client.post(
        "/parcels/shipments/new/", {"parcels": ids, "recipient": address.pk, "plans": "1"}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="plan-cheapest"' in html
    assert "against everything in one box" in html
    chosen = planning.plan_encode(page.context["plans"][0]["plan"])

    shipped = client.post(
        "/parcels/shipments/new/",
        {
            "parcels": ids,
            "recipient": address.pk,
            "plan": chosen,
            "customs_category": "gift",
            "customs_confirmed": "on",
            "ship_plan": "1",
        },
    )

    assert shipped.status_code == 302
    assert Shipment.objects.filter(user=user).count() == len(page.context["plans"][0]["boxes"])


def test_the_page_keeps_the_plans_and_says_why_a_choice_failed(
    client, user, address, three_parcels, services_to_cn
):
    client.force_login(user)
    ids = [str(p.pk) for p in three_parcels]

    page = client.post(
        "/parcels/shipments/new/",
        {"parcels": ids, "recipient": address.pk, "plan": "garbage", "ship_plan": "1"},
    )

    assert page.status_code == 200
    assert page.context["plans"]
    assert page.context["form"].errors
    assert not Shipment.objects.exists()
