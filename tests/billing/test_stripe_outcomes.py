"""What Stripe says after the fact, read from objects shaped as Stripe sends them and signed as
Stripe signs them: refunds that stay pending and then fail are reversed exactly once, and a
checkout completed for another amount or currency is held for Finance, not booked."""

from decimal import Decimal

import pytest
from constance.test import override_config

from billing import selectors, services
from billing.models import LedgerEntry, Payment, Refund
from billing.states import InvoiceStatus, PaymentStatus
from notifications.models import Notification
from tests.billing.invariants import assert_ledger_balanced
from tests.billing.stripe_fake import checkout_session, refund_object, signed_event

pytestmark = pytest.mark.django_db

URLS = {"success_url": "http://testserver/ok", "cancel_url": "http://testserver/cancel"}


def _deliver(event_id: str, event_type: str, obj: dict) -> None:
    payload, signature = signed_event(event_id, event_type, obj)
    services.stripe_webhook_handle(payload=payload, signature=signature)


@pytest.fixture
def card_payment(user, open_invoice, fake_stripe) -> Payment:
    """The ¥5,000 invoice paid by card through Checkout (payment intent pi_test_1)."""
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )
    with override_config(POINTS_PER_100_JPY=1):
        _deliver("evt_paid", "checkout.session.completed", checkout_session(payment))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    return payment


def _failed_alerts() -> int:
    return Notification.objects.filter(event="billing.refund_failed").count()


def test_our_pending_refund_that_fails_is_reversed_exactly_once(
    user, card_payment, fake_stripe, finance_user
):
    fake_stripe.refund_status = "pending"
    refund = services.invoice_refund(
        invoice_id=card_payment.invoice_id,
        amount=Decimal(5000),
        destination="card",
        actor=finance_user,
        reason="Shipment cancelled",
    )
    assert refund.status == "pending"
    assert Payment.objects.get().amount_refunded == Decimal(5000)
    failed = refund_object(
        refund.stripe_refund_id, 5000, status="failed", metadata={"refund": str(refund.pk)}
    )

    _deliver("evt_f1", "charge.refund.updated", failed)
    _deliver("evt_f1", "charge.refund.updated", failed)  # the same event again
    _deliver("evt_f2", "refund.failed", failed)  # the same news in another event

    refund.refresh_from_db()
    assert refund.status == "failed"
    assert refund.failure_reason == "expired_or_canceled_card"
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND_FAILED).count() == 1
    assert Payment.objects.get().amount_refunded == 0
    assert selectors.balance_get(user_id=user.pk) == Decimal(5000)  # back on the balance
    assert _failed_alerts() == 1
    assert Notification.objects.get(event="billing.refund_failed").user == finance_user
    assert_ledger_balanced()


def test_a_pending_refund_that_succeeds_is_booked_once_and_not_reversed(
    user, card_payment, fake_stripe, finance_user
):
    fake_stripe.refund_status = "pending"
    refund = services.invoice_refund(
        invoice_id=card_payment.invoice_id,
        amount=Decimal(2000),
        destination="card",
        actor=finance_user,
        reason="Part damaged",
    )

    _deliver(
        "evt_s1", "refund.updated", refund_object(refund.stripe_refund_id, 2000, status="succeeded")
    )

    refund.refresh_from_db()
    assert refund.status == "succeeded"
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND).count() == 1
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND_FAILED).exists()
    assert Payment.objects.get().amount_refunded == Decimal(2000)
    assert _failed_alerts() == 0
    assert_ledger_balanced()


def test_a_dashboard_refund_booked_pending_is_reversed_once_when_it_fails(
    user, card_payment, finance_user
):
    pending = refund_object("re_dash_1", 5000, status="pending")
    _deliver("evt_p", "refund.created", pending)
    booked = Refund.objects.get(stripe_refund_id="re_dash_1")
    assert booked.status == "pending"
    assert booked.invoice.status == InvoiceStatus.REFUNDED

    failed = refund_object("re_dash_1", 5000, status="failed")
    _deliver("evt_f1", "refund.failed", failed)
    _deliver("evt_f2", "charge.refund.updated", failed)

    booked.refresh_from_db()
    assert booked.status == "failed"
    assert Refund.objects.count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND_FAILED).count() == 1
    assert Payment.objects.get().amount_refunded == 0
    assert selectors.balance_get(user_id=user.pk) == Decimal(5000)
    assert _failed_alerts() == 1
    assert_ledger_balanced()


def test_a_top_up_refund_that_fails_comes_back_to_the_balance_once(user, fake_stripe, finance_user):
    payment = services.payment_start(user_id=user.pk, amount=Decimal(3000), **URLS)
    services.payment_succeed(payment_id=payment.pk, payment_intent="pi_test_1")
    _deliver("evt_p", "refund.created", refund_object("re_dash_1", 1000, status="pending"))
    assert selectors.balance_get(user_id=user.pk) == Decimal(2000)

    failed = refund_object("re_dash_1", 1000, status="failed")
    _deliver("evt_f1", "refund.failed", failed)
    _deliver("evt_f2", "refund.updated", failed)

    assert selectors.balance_get(user_id=user.pk) == Decimal(3000)
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND_FAILED).count() == 1
    assert Payment.objects.get().amount_refunded == 0
    assert _failed_alerts() == 1
    assert_ledger_balanced()


def test_a_refund_that_failed_before_we_saw_it_books_nothing(user, card_payment):
    _deliver("evt_f1", "refund.failed", refund_object("re_dash_1", 5000, status="failed"))

    assert not Refund.objects.exists()
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND).exists()
    assert _failed_alerts() == 0
    assert_ledger_balanced()


@pytest.mark.parametrize(
    "difference", [{"amount_total": 500, "amount_subtotal": 500}, {"currency": "usd"}]
)
def test_a_checkout_completed_for_another_amount_or_currency_is_held(
    user, open_invoice, fake_stripe, finance_user, difference
):
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )
    session = checkout_session(payment, **difference)

    _deliver("evt_1", "checkout.session.completed", session)
    _deliver("evt_2", "checkout.session.completed", session)
    _deliver(
        "evt_3",
        "payment_intent.succeeded",
        {"id": "pi_test_1", "object": "payment_intent", "metadata": {"order": payment.number}},
    )

    payment.refresh_from_db()
    open_invoice.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert payment.held_reason
    assert open_invoice.status == InvoiceStatus.OPEN
    assert not LedgerEntry.objects.exists()
    alert = Notification.objects.get(event="billing.payment_held")
    assert alert.user == finance_user
    assert payment.number in alert.body_text
    assert_ledger_balanced()


def test_a_checkout_completed_for_the_right_amount_is_booked(user, open_invoice, fake_stripe):
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )

    _deliver("evt_1", "checkout.session.completed", checkout_session(payment))

    payment.refresh_from_db()
    open_invoice.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert not payment.held_reason
    assert open_invoice.status == InvoiceStatus.PAID
    assert not Notification.objects.filter(event="billing.payment_held").exists()
    assert_ledger_balanced()


@pytest.mark.django_db(transaction=True)
def test_stripe_is_called_with_no_transaction_open(user, open_invoice, fake_stripe, monkeypatch):
    """Checkout and card refunds call Stripe after committing: no row lock is held across a
    network call."""
    from django.db import connection

    from billing.services import payments, stripe_gateway

    seen: list[bool] = []
    real_client, real_refund = payments.stripe_client, stripe_gateway.stripe_refund_create

    def client():
        seen.append(connection.in_atomic_block)
        return real_client()

    def refund_create(**kwargs):
        seen.append(connection.in_atomic_block)
        return real_refund(**kwargs)

    monkeypatch.setattr(payments, "stripe_client", client)
    monkeypatch.setattr(stripe_gateway, "stripe_refund_create", refund_create)
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )
    _deliver("evt_paid", "checkout.session.completed", checkout_session(payment))

    services.invoice_refund(
        invoice_id=open_invoice.pk,
        amount=Decimal(1000),
        destination="card",
        actor=None,
        reason="Goodwill",
    )

    assert seen == [False, False]
    assert [path for path, _ in fake_stripe.requests] == ["/v1/checkout/sessions", "/v1/refunds"]
    assert Refund.objects.get().status == "succeeded"
