"""The fee for repeated requests (P5(6)) is billed: charging it issues a billing invoice that the
customer pays like any other, and the request shows it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from constance.test import override_config
from django.urls import reverse
from django.utils import timezone

from billing import selectors as billing_selectors
from billing import services as billing_services
from billing.models import Invoice, InvoiceLine, LedgerEntry
from billing.states import InvoiceStatus
from notifications.models import Notification
from privacy import services
from privacy.models import PrivacyRequest
from privacy.states import RequestAction
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def repeated_request(customer):
    """A second access request within 12 months while only one a year is free."""
    with override_config(PRIVACY_FREE_REQUESTS_PER_YEAR=1):
        first = services.privacy_request_create(user=customer, kind="access")
        services.privacy_request_withdraw(request_id=first.pk, user=customer)
        yield services.privacy_request_create(user=customer, kind="access")


def test_charging_the_fee_issues_an_invoice_due_like_any_other(repeated_request, support_agent):
    with override_config(
        PRIVACY_FREE_REQUESTS_PER_YEAR=1,
        PRIVACY_EXCESSIVE_REQUEST_FEE_JPY=1200,
        INVOICE_DUE_DAYS=10,
    ):
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=support_agent)

    request = PrivacyRequest.objects.get(pk=repeated_request.pk)
    invoice = Invoice.objects.get(user=request.user)
    assert request.fee_invoice == invoice
    assert request.fee_amount == Decimal(1200)
    assert invoice.kind == Invoice.Kind.FEE
    assert invoice.status == InvoiceStatus.OPEN
    assert invoice.total == Decimal(1200)
    assert invoice.due_date == timezone.localdate() + timedelta(days=10)
    assert invoice.created_by == support_agent
    line = invoice.lines.get()
    assert line.kind == InvoiceLine.Kind.FEE
    assert f"#{request.pk}" in line.description
    assert list(billing_selectors.invoices_for_user(user_id=request.user_id)) == [invoice]
    assert request.events.get(action=RequestAction.FEE_CHARGED).reason.startswith("JPY 1200")


def test_the_customer_is_told_once_with_the_invoice_number(repeated_request, support_agent):
    with override_config(PRIVACY_FREE_REQUESTS_PER_YEAR=1):
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=support_agent)

    invoice = PrivacyRequest.objects.get(pk=repeated_request.pk).fee_invoice
    message = Notification.objects.get(user=repeated_request.user, event="privacy.fee_charged")
    assert invoice.number in message.body_text
    assert reverse("billing:invoice", args=[invoice.pk]) in message.body_text
    assert not Notification.objects.filter(event="billing.invoice_issued").exists()


def test_charging_the_fee_twice_issues_one_invoice(repeated_request, support_agent):
    with override_config(PRIVACY_FREE_REQUESTS_PER_YEAR=1):
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=support_agent)
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=support_agent)

    assert Invoice.objects.count() == 1
    assert repeated_request.events.filter(action=RequestAction.FEE_CHARGED).count() == 1
    assert Notification.objects.filter(event="privacy.fee_charged").count() == 1


def test_no_invoice_for_a_request_within_the_free_ones(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")

    with pytest.raises(DomainError):
        services.privacy_request_fee_charge(request_id=request.pk, actor=support_agent)

    assert not Invoice.objects.exists()
    assert PrivacyRequest.objects.get(pk=request.pk).fee_invoice is None
    assert not Notification.objects.filter(event="privacy.fee_charged").exists()


def test_no_invoice_when_no_fee_is_set(repeated_request, support_agent):
    with (
        override_config(PRIVACY_FREE_REQUESTS_PER_YEAR=1, PRIVACY_EXCESSIVE_REQUEST_FEE_JPY=0),
        pytest.raises(DomainError),
    ):
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=support_agent)

    assert not Invoice.objects.exists()
    assert PrivacyRequest.objects.get(pk=repeated_request.pk).fee_amount is None


def test_the_customer_pays_the_fee_invoice_from_their_balance(repeated_request, support_agent):
    with override_config(PRIVACY_FREE_REQUESTS_PER_YEAR=1):
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=support_agent)
    invoice = PrivacyRequest.objects.get(pk=repeated_request.pk).fee_invoice
    user_id = repeated_request.user_id
    billing_services.ledger_post(user_id=user_id, kind=LedgerEntry.Kind.TOPUP, amount=invoice.total)

    billing_services.invoice_pay_from_balance(invoice_id=invoice.pk, user_id=user_id)

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert billing_selectors.balance_get(user_id=user_id) == Decimal(0)


def test_the_privacy_page_links_the_fee_invoice(client, repeated_request, support_agent):
    with override_config(PRIVACY_FREE_REQUESTS_PER_YEAR=1):
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=support_agent)
    invoice = PrivacyRequest.objects.get(pk=repeated_request.pk).fee_invoice
    client.force_login(repeated_request.user)

    page = client.get(reverse("privacy:home")).content.decode()

    assert reverse("billing:invoice", args=[invoice.pk]) in page
    assert invoice.number in page


def test_the_api_gives_the_fee_invoice(api_client, repeated_request, support_agent):
    with override_config(PRIVACY_FREE_REQUESTS_PER_YEAR=1):
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=support_agent)
    invoice = PrivacyRequest.objects.get(pk=repeated_request.pk).fee_invoice
    api_client.force_authenticate(repeated_request.user)

    body = api_client.get(f"/api/v1/privacy/requests/{repeated_request.pk}/").json()

    assert body["fee_invoice"] == invoice.pk
    assert body["fee_invoice_number"] == invoice.number


def test_the_agent_sees_the_fee_invoice_on_the_request(client, repeated_request, superuser):
    with override_config(PRIVACY_FREE_REQUESTS_PER_YEAR=1):
        services.privacy_request_fee_charge(request_id=repeated_request.pk, actor=superuser)
    invoice = PrivacyRequest.objects.get(pk=repeated_request.pk).fee_invoice
    client.force_login(superuser)

    page = client.get(
        reverse("admin:privacy_privacyrequest_change", args=[repeated_request.pk])
    ).content.decode()

    assert reverse("admin:billing_invoice_change", args=[invoice.pk]) in page
