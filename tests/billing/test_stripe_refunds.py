"""`charge.refunded`: a refund made in Stripe's dashboard is booked once; one we made ourselves
through `invoice_refund` is recognised by its Stripe refund id and not booked again."""

from decimal import Decimal

import pytest
from constance.test import override_config

from billing import selectors, services
from billing.models import LedgerEntry, Payment, PointsEntry, Refund, StripeEvent
from billing.services.payments import WebhookRejected
from billing.states import InvoiceStatus
from notifications.models import Notification
from tests.billing.invariants import assert_ledger_balanced
from tests.billing.stripe_fake import checkout_session, signed_event

pytestmark = pytest.mark.django_db

URLS = {"success_url": "http://testserver/ok", "cancel_url": "http://testserver/cancel"}


@pytest.fixture
def card_paid_invoice(user, open_invoice, fake_stripe):
    """The ¥5,000 invoice paid by card through Checkout (payment intent pi_test_1), 50 points."""
    payment = services.invoice_checkout_start(
        invoice_id=open_invoice.pk, user_id=user.pk, use_balance=Decimal(0), **URLS
    )
    completed = checkout_session(payment)
    payload, signature = signed_event("evt_paid", "checkout.session.completed", completed)
    with override_config(POINTS_PER_100_JPY=1):
        services.stripe_webhook_handle(payload=payload, signature=signature)
    open_invoice.refresh_from_db()
    assert open_invoice.status == InvoiceStatus.PAID
    return open_invoice


def _charge_refunded(refunds: list[dict], *, listed: bool = True) -> dict:
    charge = {
        "id": "ch_test_1",
        "object": "charge",
        "payment_intent": "pi_test_1",
        "amount": 5000,
        "amount_refunded": sum(r["amount"] for r in refunds),
        "refunded": sum(r["amount"] for r in refunds) == 5000,
    }
    if listed:
        charge["refunds"] = {"object": "list", "has_more": False, "data": refunds}
    return charge


def _refund(refund_id: str, amount: int, status: str = "succeeded") -> dict:
    return {"id": refund_id, "object": "refund", "amount": amount, "status": status}


def _deliver(event_id: str, charge: dict) -> StripeEvent | None:
    payload, signature = signed_event(event_id, "charge.refunded", charge)
    return services.stripe_webhook_handle(payload=payload, signature=signature)


def test_a_full_refund_in_the_dashboard_is_booked_on_the_invoice(user, card_paid_invoice):
    _deliver("evt_r1", _charge_refunded([_refund("re_dash_1", 5000)]))

    card_paid_invoice.refresh_from_db()
    refund = Refund.objects.get()
    assert refund.stripe_refund_id == "re_dash_1"
    assert refund.destination == Refund.Destination.CARD
    assert refund.amount == Decimal(5000)
    assert refund.actor is None
    assert card_paid_invoice.status == InvoiceStatus.REFUNDED
    assert card_paid_invoice.amount_refunded == Decimal(5000)
    assert Payment.objects.get().amount_refunded == Decimal(5000)
    assert selectors.balance_get(user_id=user.pk) == 0
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND).count() == 1
    assert selectors.points_get(user_id=user.pk) == 0
    assert Notification.objects.filter(user=user, event="billing.refund").count() == 1


def test_the_same_event_delivered_twice_books_once(user, card_paid_invoice):
    charge = _charge_refunded([_refund("re_dash_1", 2000)])

    _deliver("evt_r1", charge)
    assert _deliver("evt_r1", charge) is None

    assert Refund.objects.count() == 1
    card_paid_invoice.refresh_from_db()
    assert card_paid_invoice.amount_refunded == Decimal(2000)


def test_a_second_event_listing_an_earlier_refund_books_only_the_new_one(user, card_paid_invoice):
    _deliver("evt_r1", _charge_refunded([_refund("re_dash_1", 2000)]))

    _deliver("evt_r2", _charge_refunded([_refund("re_dash_2", 1000), _refund("re_dash_1", 2000)]))

    assert sorted(Refund.objects.values_list("stripe_refund_id", flat=True)) == [
        "re_dash_1",
        "re_dash_2",
    ]
    card_paid_invoice.refresh_from_db()
    assert card_paid_invoice.amount_refunded == Decimal(3000)
    assert card_paid_invoice.status == InvoiceStatus.PAID
    assert selectors.points_get(user_id=user.pk) == 20  # 50 − ⌊50 × 3000/5000⌋


def test_a_refund_we_made_ourselves_is_not_booked_again(user, card_paid_invoice, finance_user):
    ours = services.invoice_refund(
        invoice_id=card_paid_invoice.pk,
        amount=Decimal(5000),
        destination="card",
        actor=finance_user,
        reason="Shipment cancelled",
    )

    _deliver("evt_r1", _charge_refunded([_refund(ours.stripe_refund_id, 5000)]))

    assert list(Refund.objects.all()) == [ours]
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND).count() == 1
    assert Payment.objects.get().amount_refunded == Decimal(5000)
    assert Notification.objects.filter(event="billing.refund").count() == 1


def test_refunds_are_asked_of_stripe_when_the_event_leaves_them_out(
    user, card_paid_invoice, fake_stripe
):
    fake_stripe.refunds_by_charge["ch_test_1"] = [_refund("re_dash_1", 1500)]

    _deliver("evt_r1", _charge_refunded([_refund("re_dash_1", 1500)], listed=False))

    assert ("/v1/refunds", {"charge": ["ch_test_1"], "limit": ["100"]}) in fake_stripe.requests
    assert Refund.objects.get().stripe_refund_id == "re_dash_1"


def test_a_failed_refund_is_not_booked(user, card_paid_invoice):
    _deliver("evt_r1", _charge_refunded([_refund("re_dash_1", 5000, status="failed")]))

    assert not Refund.objects.exists()
    card_paid_invoice.refresh_from_db()
    assert card_paid_invoice.status == InvoiceStatus.PAID
    assert not PointsEntry.objects.filter(points__lt=0).exists()


def test_a_refund_of_a_top_up_leaves_the_balance(user, fake_stripe):
    payment = services.payment_start(user_id=user.pk, amount=Decimal(3000), **URLS)
    services.payment_succeed(payment_id=payment.pk, payment_intent="pi_test_1")

    _deliver("evt_r1", _charge_refunded([_refund("re_dash_1", 1000)]))
    _deliver("evt_r2", _charge_refunded([_refund("re_dash_1", 1000)]))

    assert selectors.balance_get(user_id=user.pk) == Decimal(2000)
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.CARD_REFUND)
    assert entry.amount == Decimal(-1000)
    assert entry.idempotency_key == "stripe-refund:re_dash_1"
    assert Payment.objects.get().amount_refunded == Decimal(1000)
    assert not Refund.objects.exists()


def test_a_refund_the_balance_cannot_cover_is_left_to_finance(user, fake_stripe, finance_user):
    payment = services.payment_start(user_id=user.pk, amount=Decimal(3000), **URLS)
    services.payment_succeed(payment_id=payment.pk, payment_intent="pi_test_1")
    services.balance_adjust(user_id=user.pk, amount=Decimal(-2500), actor=None, reason="spent")

    _deliver("evt_r1", _charge_refunded([_refund("re_dash_1", 1000)]))

    assert selectors.balance_get(user_id=user.pk) == Decimal(500)
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND).exists()
    assert Payment.objects.get().amount_refunded == 0
    alert = Notification.objects.get(event="billing.stripe_refund_unbooked")
    assert alert.user == finance_user
    assert "re_dash_1" in alert.body_text


def test_a_charge_refunded_with_a_bad_signature_books_nothing(user, card_paid_invoice):
    payload, _ = signed_event(
        "evt_r1", "charge.refunded", _charge_refunded([_refund("re_1", 5000)])
    )

    with pytest.raises(WebhookRejected):
        services.stripe_webhook_handle(payload=payload, signature="t=1,v1=forged")

    assert not Refund.objects.exists()
    assert not StripeEvent.objects.filter(event_id="evt_r1").exists()


@pytest.mark.django_db(transaction=True)
def test_a_webhook_arriving_while_we_call_stripe_recognises_our_refund(
    user, card_paid_invoice, finance_user, monkeypatch
):
    """Stripe sends `charge.refunded` before our call has returned (no lock is held across the
    call): the refund carries our id in its metadata, so it is not booked a second time."""
    from django.db import connection

    from billing.services import stripe_gateway

    def stripe_refund_create(*, payment, refund) -> dict:
        assert not connection.in_atomic_block  # booked and committed, no row lock held
        made = {**_refund("re_race", 5000), "metadata": {"refund": str(refund.pk)}}
        _deliver("evt_race", _charge_refunded([made]))
        return made

    monkeypatch.setattr(stripe_gateway, "stripe_refund_create", stripe_refund_create)

    services.invoice_refund(
        invoice_id=card_paid_invoice.pk,
        amount=Decimal(5000),
        destination="card",
        actor=finance_user,
        reason="Shipment cancelled",
    )

    refund = Refund.objects.get()
    assert refund.stripe_refund_id == "re_race"
    assert refund.status == "succeeded"
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CARD_REFUND).count() == 1
    assert Payment.objects.get().amount_refunded == Decimal(5000)
    assert StripeEvent.objects.filter(event_id="evt_race").exists()
    assert_ledger_balanced()
