"""Payments through Stripe: only the order number and amount leave us; webhooks are verified,
processed once, and harmless when duplicated or out of order."""

from decimal import Decimal

import pytest

from billing import selectors, services
from billing.models import LedgerEntry, Payment, StripeEvent
from billing.states import InvoiceStatus, PaymentStatus
from tests.billing.stripe_fake import checkout_session, signed_event

pytestmark = pytest.mark.django_db

URLS = {"success_url": "http://testserver/ok", "cancel_url": "http://testserver/cancel"}


def _completed(payment: Payment) -> dict:
    return checkout_session(payment)


def test_checkout_sends_only_the_order_number_and_amount(user, open_invoice, fake_stripe):
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )

    path, form = fake_stripe.requests[-1]
    assert path == "/v1/checkout/sessions"
    assert form["line_items[0][price_data][unit_amount]"] == ["5000"]
    assert form["line_items[0][price_data][currency]"] == ["jpy"]
    assert form["line_items[0][price_data][product_data][name]"] == [payment.number]
    sent = " ".join(v for values in form.values() for v in values)
    assert user.email not in sent
    assert user.full_name not in sent
    assert payment.checkout_url.startswith("https://checkout.stripe.com/")


def test_a_webhook_delivered_twice_and_out_of_order_credits_once(user, open_invoice, fake_stripe):
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )
    completed = signed_event("evt_1", "checkout.session.completed", _completed(payment))
    intent = signed_event(
        "evt_2",
        "payment_intent.succeeded",
        {"id": "pi_test_1", "object": "payment_intent", "metadata": {"order": payment.number}},
    )
    expired = signed_event(
        "evt_3",
        "checkout.session.expired",
        {**_completed(payment), "payment_status": "unpaid"},
    )

    for payload, signature in (intent, completed, completed, expired, intent):
        services.stripe_webhook_handle(payload=payload, signature=signature)

    payment.refresh_from_db()
    open_invoice.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert open_invoice.status == InvoiceStatus.PAID
    assert LedgerEntry.objects.filter(user=user, kind=LedgerEntry.Kind.TOPUP).count() == 1
    assert LedgerEntry.objects.filter(user=user, kind=LedgerEntry.Kind.PAYMENT).count() == 1
    assert selectors.balance_get(user_id=user.pk) == 0
    assert StripeEvent.objects.count() == 3


def test_a_webhook_with_a_bad_signature_is_rejected_and_changes_nothing(
    user, open_invoice, fake_stripe
):
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )
    payload, _ = signed_event("evt_1", "checkout.session.completed", _completed(payment))
    _, forged = signed_event(
        "evt_1", "checkout.session.completed", _completed(payment), secret="whsec_wrong"
    )

    with pytest.raises(services.payments.WebhookRejected):
        services.stripe_webhook_handle(payload=payload, signature=forged)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not StripeEvent.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_a_late_expiry_does_not_undo_a_payment(user, open_invoice, fake_stripe):
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )
    services.stripe_webhook_handle(
        *(),
        **dict(
            zip(
                ("payload", "signature"),
                signed_event("evt_1", "checkout.session.completed", _completed(payment)),
                strict=True,
            )
        ),
    )

    payload, signature = signed_event(
        "evt_2", "checkout.session.expired", {**_completed(payment), "payment_status": "unpaid"}
    )
    services.stripe_webhook_handle(payload=payload, signature=signature)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert list(payment.events.values_list("from_status", "to_status")) == [
        (PaymentStatus.PENDING, PaymentStatus.SUCCEEDED)
    ]


def test_part_from_balance_and_the_rest_by_card(user, open_invoice, fake_stripe, topped_up):
    topped_up(user, 2000)

    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(2000), **URLS
    )

    open_invoice.refresh_from_db()
    assert open_invoice.amount_paid == Decimal(2000)
    assert payment.amount == Decimal(3000)
    assert selectors.balance_get(user_id=user.pk) == 0
    assert fake_stripe.requests[-1][1]["line_items[0][price_data][unit_amount]"] == ["3000"]


def test_without_stripe_keys_a_labelled_test_payment_pays_the_invoice(user, open_invoice, settings):
    settings.STRIPE_SECRET_KEY = ""
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )

    services.test_payment_complete(payment_number=payment.number, user_id=user.pk)
    services.test_payment_complete(payment_number=payment.number, user_id=user.pk)

    open_invoice.refresh_from_db()
    assert payment.method == Payment.Method.TEST
    assert open_invoice.status == InvoiceStatus.PAID
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.TOPUP).count() == 1


def test_a_top_up_through_stripe_credits_the_balance(user, fake_stripe):
    payment = services.payment_start(user_id=user.pk, amount=Decimal(10000), **URLS)
    payload, signature = signed_event("evt_9", "checkout.session.completed", _completed(payment))

    services.stripe_webhook_handle(payload=payload, signature=signature)

    assert selectors.balance_get(user_id=user.pk) == Decimal(10000)


def test_a_card_refund_goes_back_through_stripe(user, open_invoice, fake_stripe, finance_user):
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )
    payload, signature = signed_event("evt_1", "checkout.session.completed", _completed(payment))
    services.stripe_webhook_handle(payload=payload, signature=signature)

    refund = services.invoice_refund(
        invoice_id=open_invoice.pk,
        amount=Decimal(5000),
        destination="card",
        actor=finance_user,
        reason="Shipment cancelled",
    )

    open_invoice.refresh_from_db()
    assert refund.stripe_refund_id.startswith("re_test_")
    assert fake_stripe.requests[-1][1]["amount"] == ["5000"]
    assert fake_stripe.requests[-1][1]["payment_intent"] == ["pi_test_1"]
    assert open_invoice.status == InvoiceStatus.REFUNDED
    assert selectors.balance_get(user_id=user.pk) == 0
