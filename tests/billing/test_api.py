"""The billing API: public quotes, own invoices only (404 for others'), paying, top-ups."""

from decimal import Decimal

import pytest

from billing.models import ExchangeRate
from tests.billing.factories import InvoiceFactory

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


def test_invoices_of_one_customer_are_invisible_to_another_in_the_api(api_client, user, other_user):
    mine = InvoiceFactory(user=user)
    theirs = InvoiceFactory(user=other_user)
    api_client.force_authenticate(user)

    listing = api_client.get("/api/v1/invoices/")
    detail = api_client.get(f"/api/v1/invoices/{theirs.pk}/")
    pay = api_client.post(f"/api/v1/invoices/{theirs.pk}/pay/", {}, format="json")

    assert [i["number"] for i in listing.json()["results"]] == [mine.number]
    assert detail.status_code == 404
    assert pay.status_code == 404


def test_paying_more_balance_than_held_answers_400(api_client, user):
    invoice = InvoiceFactory(user=user, total=Decimal(3000))
    api_client.force_authenticate(user)

    response = api_client.post(
        f"/api/v1/invoices/{invoice.pk}/pay/", {"use_balance": "1000"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["amount"]


def test_a_top_up_gives_a_checkout_url(api_client, user, settings):
    settings.STRIPE_SECRET_KEY = ""
    api_client.force_authenticate(user)

    response = api_client.post("/api/v1/topups/", {"amount": "5000"}, format="json")
    balance = api_client.get("/api/v1/balance/")

    assert response.status_code == 201
    assert "/billing/payments/" in response.json()["checkout_url"]
    assert balance.json()["balance"] == "0"


def test_exchange_rates_are_public(api_client):
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.0067"))

    response = api_client.get("/api/v1/exchange-rates/")

    assert response.json()["rates"] == {"USD": "0.0067000000"}
