"""The public quote API (`POST /api/v1/quotes/`), mounted by billing with the visitor's currency."""

from decimal import Decimal

import pytest

from billing.models import ExchangeRate
from tests.shipping.factories import CarrierServiceFactory, price_list

pytestmark = pytest.mark.django_db


def test_quotes_are_public_and_list_every_service(api_client, ems, sal):
    ExchangeRate.objects.create(currency="CNY", rate=Decimal("0.048"))
    api_client.cookies["currency"] = "CNY"

    response = api_client.post(
        "/api/v1/quotes/",
        {"weight_g": 2500, "length_cm": 30, "width_cm": 20, "height_cm": 10, "country": "CN"},
        format="json",
    )

    assert response.status_code == 200
    by_code = {q["service"]: q for q in response.json()["quotes"]}
    assert by_code["ems"]["price_jpy"] == "20000"
    assert by_code["ems"]["price_local"] == "960.00"
    assert by_code["ems"]["chargeable_weight_g"] == 2500
    assert by_code["sal"]["is_available"] is False
    assert by_code["sal"]["reason"]


def test_a_quote_for_several_parcels_compares_separate_and_consolidated(api_client, ems):
    parcel = {"weight_g": 400, "length_cm": 20, "width_cm": 15, "height_cm": 5}

    response = api_client.post(
        "/api/v1/quotes/", {"country": "CN", "parcels": [parcel] * 3}, format="json"
    )

    ems_quote = response.json()["quotes"][0]
    assert ems_quote["separate_price_jpy"] == "5700"
    assert ems_quote["price_jpy"] == "3000"
    assert ems_quote["saving_jpy"] == "2700"


def test_a_quote_with_missing_fields_answers_400_by_field(api_client, ems):
    response = api_client.post("/api/v1/quotes/", {"country": "CN"}, format="json")

    assert response.status_code == 400
    assert "weight_g" in response.json()["errors"]


@pytest.mark.parametrize("services", [1, 6])
def test_a_quote_answers_in_three_queries_whatever_the_number_of_services(
    api_client, ems, services, django_assert_max_num_queries
):
    for n in range(services - 1):
        price_list(service=CarrierServiceFactory(code=f"extra{n}"))
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.0067"))
    box = {"weight_g": 400, "length_cm": 10, "width_cm": 10, "height_cm": 10, "country": "CN"}
    api_client.post("/api/v1/quotes/", box, format="json")  # constance's first read writes

    with django_assert_max_num_queries(3):
        response = api_client.post("/api/v1/quotes/", box, format="json")

    assert len(response.json()["quotes"]) == services
    assert response.json()["quotes"][0]["price_local"] is not None


@pytest.mark.parametrize("parcels", [2, 12])
def test_comparing_consolidation_takes_four_queries_whatever_the_number_of_parcels(
    api_client, ems, sal, parcels, django_assert_max_num_queries
):
    parcel = {"weight_g": 400, "length_cm": 20, "width_cm": 15, "height_cm": 5}
    body = {"country": "CN", "parcels": [parcel] * parcels}
    api_client.post("/api/v1/quotes/", body, format="json")  # constance's first read writes

    with django_assert_max_num_queries(4):
        response = api_client.post("/api/v1/quotes/", body, format="json")

    ems_quote = next(q for q in response.json()["quotes"] if q["service"] == "ems")
    assert Decimal(ems_quote["separate_price_jpy"]) == 1900 * parcels
