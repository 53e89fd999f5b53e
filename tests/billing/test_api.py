"""The billing API: own invoices only (404 for others'), paying, top-ups, exchange rates."""

from decimal import Decimal

import pytest

from billing.models import ExchangeRate
from tests.billing.factories import InvoiceFactory

pytestmark = pytest.mark.django_db


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
