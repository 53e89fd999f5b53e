"""Journeys in Chromium: a visitor prices a box; a customer pays an invoice part from the balance
and the rest with the labelled test payment, then downloads the receipt."""

from decimal import Decimal

import pytest

from tests.billing.factories import InvoiceFactory
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login_in_browser(page, email: str) -> None:
    """Log in through allauth's form, submitting with Enter (the shared helper clicks the first
    submit button on the page, which is the header's language switcher)."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")


def test_a_visitor_prices_a_box_without_logging_in(page, ems, sal):
    page.goto("/billing/rates/")
    page.fill("input[name=weight_g]", "2500")
    page.fill("input[name=length_cm]", "30")
    page.fill("input[name=width_cm]", "20")
    page.fill("input[name=height_cm]", "10")
    page.select_option("select[name=country]", "CN")
    page.click("form.rate-form button[type=submit]")

    table = page.locator("[data-testid=quotes]")
    assert "¥20,000" in table.inner_text()
    assert "Too heavy" in table.inner_text()


def test_a_customer_pays_an_invoice_part_from_balance_and_the_rest_by_test_payment(
    page, user, topped_up, settings
):
    settings.STRIPE_SECRET_KEY = ""
    topped_up(user, 1000)
    invoice = InvoiceFactory(user=user, total=Decimal(4000))
    login_in_browser(page, user.email)

    page.goto(f"/billing/invoices/{invoice.pk}/")
    page.fill("input[name=use_balance]", "1000")
    page.click("text=Pay now")
    page.wait_for_url("**/test/")
    assert "no money moves" in page.content()
    page.click("text=Complete test payment")
    page.wait_for_url(f"**/billing/invoices/{invoice.pk}/")

    assert page.locator("[data-testid=invoice-status]").inner_text() == "Paid"
    assert page.locator("[data-testid=amount-due]").inner_text() == "¥0"
    receipt = page.request.get(f"/billing/invoices/{invoice.pk}/receipt.pdf")
    assert receipt.headers["content-type"] == "application/pdf"
