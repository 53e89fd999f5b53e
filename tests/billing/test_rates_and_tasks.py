"""Exchange rates (Finance-entered or from a feed), the header rate, beat tasks, demo data and
the privacy hooks."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from constance.test import override_config
from django.urls import reverse
from django.utils import timezone

from billing import personal_data, selectors, services, tasks
from billing.models import ExchangeRate, Invoice
from tests.billing.factories import InvoiceFactory

pytestmark = pytest.mark.django_db


def test_finance_enters_a_rate_and_the_newest_is_current(finance_user):
    services.exchange_rate_set(currency="usd", rate=Decimal("0.0066"), actor=finance_user)
    services.exchange_rate_set(currency="USD", rate=Decimal("0.0068"), actor=finance_user)

    assert selectors.exchange_rate_current(currency="USD") == Decimal("0.0068")
    assert selectors.jpy_convert(amount=Decimal(10000), currency="USD") == Decimal("68.00")


def test_a_nonsense_rate_is_refused():
    with pytest.raises(services.ledger.DomainError):
        services.exchange_rate_set(currency="USD", rate=Decimal(0), actor=None)

    assert not ExchangeRate.objects.exists()


def test_the_beat_task_refreshes_rates_from_the_configured_feed(tmp_path):
    feed = tmp_path / "rates.json"
    feed.write_text(json.dumps({"base": "JPY", "rates": {"CNY": 0.0481, "USD": 0.0067, "XAU": 1}}))

    with override_config(
        EXCHANGE_RATE_SOURCE_URL=feed.as_uri(), EXCHANGE_RATE_CURRENCIES="CNY,USD"
    ):
        count = tasks.refresh_exchange_rates()

    assert count == 2
    assert selectors.exchange_rate_current(currency="CNY") == Decimal("0.0481")
    assert selectors.exchange_rate_current(currency="XAU") is None


def test_without_a_feed_the_refresh_does_nothing():
    with override_config(EXCHANGE_RATE_SOURCE_URL=""):
        assert tasks.refresh_exchange_rates() == 0


def test_the_site_header_shows_the_rate_for_the_visitor_currency(client):
    ExchangeRate.objects.create(currency="CNY", rate=Decimal("0.048"))
    client.cookies["currency"] = "CNY"

    response = client.get(reverse("billing:rates"))

    assert (
        "¥1 ≈ 0.0480000000 CNY" in response.content.decode() or "CNY" in response.content.decode()
    )


def test_the_overdue_task_suspends_through_the_service(user):
    InvoiceFactory(user=user, due_date=timezone.localdate() - timedelta(days=90))

    assert tasks.suspend_overdue() == 1
    assert tasks.suspend_overdue() == 0


def test_contract_selectors_for_sweeps(user, other_user, topped_up):
    topped_up(user, 100)
    InvoiceFactory(user=other_user)

    ids = set(selectors.user_ids_with_money_or_debt())

    assert ids == {user.pk, other_user.pk}
    assert selectors.user_has_open_invoices(user_id=other_user.pk) is True
    assert selectors.user_has_open_invoices(user_id=user.pk) is False


def test_export_holds_the_users_billing_rows_and_erase_drops_the_bank_account(user, client):
    InvoiceFactory(user=user)
    services.bank_account_set(
        user_id=user.pk, bank_name="MUFG", account_number="1234567", holder="WANG"
    )

    exported = personal_data.export(user_id=user.pk)
    json.dumps(exported)
    personal_data.erase(user_id=user.pk, pseudonym="erased-1")

    assert exported["billing_bank_account"][0]["account_number"] == "1234567"
    assert len(exported["billing_invoices"]) == 1
    assert personal_data.export(user_id=user.pk)["billing_bank_account"] == []
    assert Invoice.objects.filter(user=user).count() == 1


def test_demo_data_seeds_twice_without_duplicates(user):
    from billing import demo

    for _ in range(2):
        demo.seed(users={"customer": user}, password="x", logins=[])

    assert selectors.balance_get(user_id=user.pk) == Decimal(3000)
    assert Invoice.objects.filter(user=user).count() == 1
