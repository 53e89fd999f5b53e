"""Customer pages: own invoices only, paying, the statement, receipts, the public calculator,
the webhook endpoint, settlements; and the staff admin screens."""

from decimal import Decimal

import pytest
from django.urls import reverse

from billing import selectors, services
from billing.models import ExchangeRate, LedgerEntry, Payment
from billing.states import InvoiceStatus
from tests.billing.factories import InvoiceFactory, disposed_parcel
from tests.billing.stripe_fake import checkout_session, signed_event

pytestmark = pytest.mark.django_db


def test_invoices_of_one_customer_are_invisible_to_another(client, user, other_user):
    theirs = InvoiceFactory(user=other_user)
    client.force_login(user)

    listing = client.get(reverse("billing:invoices"))
    detail = client.get(reverse("billing:invoice", args=[theirs.pk]))
    receipt = client.get(reverse("billing:receipt", args=[theirs.pk]))
    pay = client.post(reverse("billing:invoice_pay", args=[theirs.pk]), {"use_balance": "0"})

    assert theirs.number not in listing.content.decode()
    assert detail.status_code == 404
    assert receipt.status_code == 404
    assert pay.status_code == 404
    assert not Payment.objects.exists()


def test_the_invoice_list_needs_a_login(client):
    response = client.get(reverse("billing:invoices"))

    assert response.status_code == 302


def test_the_invoice_list_queries_do_not_grow_with_invoices(
    client, user, django_assert_max_num_queries
):
    client.force_login(user)
    InvoiceFactory.create_batch(2, user=user)
    with django_assert_max_num_queries(12):
        client.get(reverse("billing:invoices"))
    InvoiceFactory.create_batch(20, user=user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("billing:invoices"))

    assert response.status_code == 200


def test_paying_with_the_test_payment_without_stripe_keys(client, user, settings):
    settings.STRIPE_SECRET_KEY = ""
    invoice = InvoiceFactory(user=user, total=Decimal(3000))
    client.force_login(user)

    start = client.post(reverse("billing:invoice_pay", args=[invoice.pk]), {"use_balance": "0"})
    page = client.get(start["Location"])
    done = client.post(start["Location"])

    invoice.refresh_from_db()
    assert "no money moves" in page.content.decode()
    assert done.status_code == 302
    assert invoice.status == InvoiceStatus.PAID


def test_paying_fully_from_the_balance_on_the_page(client, user, topped_up):
    topped_up(user, 5000)
    invoice = InvoiceFactory(user=user, total=Decimal(3000))
    client.force_login(user)

    client.post(reverse("billing:invoice_pay", args=[invoice.pk]), {"use_balance": "3000"})

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert selectors.balance_get(user_id=user.pk) == Decimal(2000)


def test_a_bad_coupon_re_renders_with_the_field_error(client, user):
    invoice = InvoiceFactory(user=user)
    client.force_login(user)

    response = client.post(reverse("billing:invoice_coupon", args=[invoice.pk]), {"code": "NOPE"})

    assert response.status_code == 200
    assert "not valid" in response.content.decode()
    assert "<details open>" in response.content.decode()  # the error is not folded away


def test_the_receipt_is_a_pdf(client, user):
    invoice = InvoiceFactory(user=user)
    client.force_login(user)

    response = client.get(reverse("billing:receipt", args=[invoice.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_statement_shows_running_balance_and_tops_up(client, user, topped_up, settings):
    settings.STRIPE_SECRET_KEY = ""
    topped_up(user, 1234)
    client.force_login(user)

    page = client.get(reverse("billing:statement"))
    start = client.post(reverse("billing:statement"), {"amount": "5000"})
    client.post(start["Location"])

    assert "¥1,234" in page.content.decode()
    assert selectors.balance_get(user_id=user.pk) == Decimal(6234)


def test_the_rate_calculator_is_public_and_shows_prices_and_reasons(client, ems, sal):
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.0067"))

    response = client.get(
        reverse("billing:rates"),
        {"weight_g": 2500, "length_cm": 30, "width_cm": 20, "height_cm": 10, "country": "CN"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "¥20,000" in body
    assert "≈ 134.00 USD" in body
    assert "Too heavy" in body


def test_the_webhook_endpoint_checks_the_signature(client, user, fake_stripe):
    invoice = InvoiceFactory(user=user, total=Decimal(3000))
    payment = services.invoice_checkout_start(
        invoice_id=invoice.pk,
        user_id=user.pk,
        use_balance=Decimal(0),
        success_url="http://x/",
        cancel_url="http://x/",
    )
    obj = checkout_session(payment)
    payload, signature = signed_event("evt_w", "checkout.session.completed", obj)
    url = reverse("billing:stripe_webhook")

    forged = client.post(
        url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1,v1=00"
    )
    good = client.post(
        url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    again = client.post(
        url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )

    invoice.refresh_from_db()
    assert (forged.status_code, good.status_code, again.status_code) == (400, 200, 200)
    assert invoice.status == InvoiceStatus.PAID
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.TOPUP).count() == 1


def test_the_customer_sees_the_settlement_of_their_parcel_only(client, user, other_user):
    parcel = disposed_parcel(user=user, received_days_ago=10)
    services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(9000),
        actor=None,
    )
    url = reverse("billing:settlement", args=[parcel.pk])

    client.force_login(other_user)
    hidden = client.get(url)
    client.force_login(user)
    shown = client.get(url)

    assert hidden.status_code == 404
    assert "¥9,000" in shown.content.decode()


def test_the_bank_account_is_saved_encrypted(client, user):
    client.force_login(user)

    client.post(
        reverse("billing:bank_account"),
        {"bank_name": "MUFG", "account_number": "1234567", "holder": "WANG XIAOMING"},
    )

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT account_number FROM billing_bankaccount")
        stored = cursor.fetchone()[0]
    assert "1234567" not in stored
    assert user.bank_account.account_number == "1234567"


@pytest.mark.parametrize(
    "url",
    [
        "admin:billing_invoice_changelist",
        "admin:billing_invoice_special_expense",
        "admin:billing_remittance_changelist",
        "admin:billing_ledgerentry_changelist",
        "admin:billing_ledgerentry_adjust",
        "admin:billing_exchangerate_add",
        "admin:billing_bankaccount_changelist",
    ],
)
def test_finance_staff_can_open_the_billing_admin(client, finance_user, ems, url):
    client.force_login(finance_user)

    response = client.get(reverse(url))

    assert response.status_code == 200


def test_finance_issues_a_special_expense_from_the_admin(client, finance_user, user):
    client.force_login(finance_user)

    client.post(
        reverse("admin:billing_invoice_special_expense"),
        {"user_email": user.email, "description": "Import duty", "amount": "2300"},
    )

    invoice = user.invoices.get()
    assert invoice.total == Decimal(2300)
    assert invoice.kind == "special"


def test_warehouse_staff_cannot_issue_or_refund(client, staff_user, user):
    invoice = InvoiceFactory(user=user)
    client.force_login(staff_user)

    special = client.get(reverse("admin:billing_invoice_special_expense"))
    refund = client.get(reverse("admin:billing_invoice_refund", args=[invoice.pk]))

    assert special.status_code == 403
    assert refund.status_code == 403


def test_the_statement_and_invoice_api_queries_do_not_grow(
    client, api_client, user, topped_up, django_assert_max_num_queries
):
    client.force_login(user)
    api_client.force_authenticate(user)
    for size in (2, 60):
        for _ in range(size):
            topped_up(user, 10)
            InvoiceFactory(user=user)
        client.get(reverse("billing:statement"))  # constance writes its defaults on first read

        with django_assert_max_num_queries(9):
            page = client.get(reverse("billing:statement"))
        with django_assert_max_num_queries(10):
            listing = api_client.get("/api/v1/invoices/")

        assert page.status_code == 200
        assert page.content.decode().count('<td class="num">') == 2 * min(size, 50)
        assert listing.status_code == 200


def test_the_statement_pages_through_every_movement(client, user, topped_up):
    client.force_login(user)
    for amount in (10, 20, 30):
        topped_up(user, amount)

    first = client.get(reverse("billing:statement"), {"page_size": 2}).content.decode()
    second = client.get(reverse("billing:statement"), {"page_size": 2, "page": 2}).content.decode()

    assert first.count('<td class="num">') == 4
    assert "¥30" in first
    assert 'rel="next"' in first
    assert "page_size=2&amp;page=2" in first
    assert second.count('<td class="num">') == 2
    assert 'rel="prev"' in second


def test_a_visitor_chooses_the_display_currency(client):
    ExchangeRate.objects.create(currency="EUR", rate=Decimal("0.0062"))

    response = client.post(
        reverse("billing:currency"), {"currency": "eur", "next": "https://evil.example/"}
    )
    page = client.get(reverse("billing:rates"))

    assert response["Location"] == reverse("billing:rates")
    assert client.cookies["currency"].value == "EUR"
    assert "¥1,000 ≈ 6.20 EUR" in page.content.decode()  # the header shows the chosen rate


@pytest.mark.parametrize("secure", [True, False])
def test_the_currency_cookie_is_secure_when_the_session_cookie_is(client, settings, secure):
    settings.SESSION_COOKIE_SECURE = secure

    client.post(reverse("billing:currency"), {"currency": "usd"})

    assert bool(client.cookies["currency"]["secure"]) is secure


def test_finance_enters_an_exchange_rate_in_the_admin(client, finance_user):
    client.force_login(finance_user)

    bad = client.post(reverse("admin:billing_exchangerate_add"), {"currency": "JPY", "rate": "1"})
    good = client.post(
        reverse("admin:billing_exchangerate_add"), {"currency": "cny", "rate": "0.048"}
    )

    assert bad.status_code == 200
    assert good.status_code == 302
    assert selectors.exchange_rate_current(currency="CNY") == Decimal("0.048")
    assert ExchangeRate.objects.get().created_by == finance_user


def test_finance_adjusts_a_balance_found_by_email(client, finance_user, user):
    from billing.selectors import balance_get

    client.force_login(finance_user)

    response = client.post(
        "/admin/billing/ledgerentry/adjust/",
        {"user_email": user.email.upper(), "amount": "500", "reason": "goodwill"},
    )

    assert response.status_code == 302
    assert balance_get(user_id=user.pk) == 500


def test_an_unknown_customer_email_is_a_field_error_and_books_nothing(client, finance_user):
    from billing.models import Invoice, LedgerEntry

    client.force_login(finance_user)

    adjust = client.post(
        "/admin/billing/ledgerentry/adjust/",
        {"user_email": "nobody@example.com", "amount": "500", "reason": "goodwill"},
    )
    expense = client.post(
        "/admin/billing/invoice/special-expense/",
        {"user_email": "nobody@example.com", "description": "Duty", "amount": "900"},
    )

    for response in (adjust, expense):
        assert response.status_code == 200
        assert response.context["form"].errors["user_email"] == ["No customer with this email."]
    assert LedgerEntry.objects.count() == 0
    assert Invoice.objects.count() == 0
