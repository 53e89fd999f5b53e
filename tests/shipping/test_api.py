"""The public quote API (`POST /api/v1/quotes/`), mounted by billing with the visitor's currency."""

from decimal import Decimal

import pytest

from billing.models import ExchangeRate

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
