"""Payments from outside through Stripe (card, Alipay, WeChat Pay) and top-ups.

Only the order number (`Payment.number`) and the amount go to Stripe. Money arriving is always
booked as a top-up of the balance first, then paid from the balance to the invoice, so the ledger
shows every movement and the balance stays the sum of its entries.

Webhooks are verified by signature and recorded by event id (unique): a duplicate is ignored.
Handlers only move a payment forward (pending → succeeded, failed → succeeded), so events arriving
late or out of order change nothing that already happened."""

import json
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from billing.models import LedgerEntry, Payment, StripeEvent
from billing.services.ledger import balance_frozen_check, ledger_post
from billing.services.locks import (
    balance_and_invoice_lock,
    balance_and_payment_lock,
    invoice_lock,
)
from billing.services.notices import customer_notify, finance_alert
from billing.services.refunds import stripe_refund_book, stripe_refund_sync
from billing.services.settling import invoice_pay_from_balance, invoice_settle
from billing.services.stripe_gateway import (
    stripe_client,
    stripe_is_configured,
    stripe_refund_create,
)
from billing.states import PaymentStatus
from transship.disclosures import disclosure_record
from transship.errors import DomainError
from transship.money import Money
from transship.numbers import document_number
from transship.transitions import lock, transition

MIN_STRIPE_JPY = Decimal(50)  # Stripe's smallest JPY charge


class WebhookRejected(DomainError):
    default_message = _("Invalid webhook signature.")


def _disclose(user_id: int) -> None:
    disclosure_record(
        user_id=user_id,
        recipient="Stripe",
        purpose="payment",
        data_categories=["order number", "amount"],
        country="US",
    )


def payment_start(
    *,
    user_id: int,
    amount: Decimal,
    success_url: str,
    cancel_url: str,
    invoice_id: int | None = None,
) -> Payment:
    """Open a payment of `amount` JPY: a Stripe Checkout Session, or without Stripe keys a
    clearly labelled test payment the customer confirms on our own page.

    The payment row is committed before Stripe is called, so no lock is held across the call;
    the session is recorded in a second short transaction (a failed call fails the payment)."""
    with transaction.atomic():
        payment = _payment_create(user_id=user_id, amount=amount, invoice_id=invoice_id)
    return _checkout_open(payment, success_url=success_url, cancel_url=cancel_url)


def _payment_create(*, user_id: int, amount: Decimal, invoice_id: int | None) -> Payment:
    balance_frozen_check(user_id=user_id)
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(_("Enter an amount above zero."), field="amount")
    method = Payment.Method.STRIPE if stripe_is_configured() else Payment.Method.TEST
    if method == Payment.Method.STRIPE and amount < MIN_STRIPE_JPY:
        raise DomainError(_("Card payments start at ¥50."), field="amount")
    return Payment.objects.create(
        number=document_number("TS", width=7),
        user_id=user_id,
        invoice_id=invoice_id,
        amount=amount,
        method=method,
    )


def _checkout_open(payment: Payment, *, success_url: str, cancel_url: str) -> Payment:
    """Open the Checkout Session of a committed payment (outside any transaction)."""
    if payment.method != Payment.Method.STRIPE:
        return payment
    try:
        session = stripe_client().checkout.Session.create(
            mode="payment",
            payment_method_types=["card", "alipay", "wechat_pay"],
            payment_method_options={"wechat_pay": {"client": "web"}},
            line_items=[
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "jpy",
                        "unit_amount": Money.jpy(payment.amount).to_minor_units(),
                        "product_data": {"name": payment.number},
                    },
                }
            ],
            client_reference_id=payment.number,
            metadata={"order": payment.number},
            payment_intent_data={"metadata": {"order": payment.number}},
            success_url=success_url,
            cancel_url=cancel_url,
            idempotency_key=f"checkout:{payment.number}",
        )
    except stripe.StripeError:
        payment_fail(payment_id=payment.pk)
        raise
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(
            stripe_session_id=session["id"], checkout_url=session["url"]
        )
        _disclose(payment.user_id)
    payment.stripe_session_id = session["id"]
    payment.checkout_url = session["url"]
    return payment


def invoice_checkout_start(
    *,
    invoice_id: int,
    user_id: int,
    use_balance: Decimal,
    success_url: str,
    cancel_url: str,
) -> Payment | None:
    """Pay an invoice: first `use_balance` from the balance, the rest through Stripe (called
    after the balance part and the payment row are committed, holding no lock).

    Returns None when the balance covered it all."""
    use_balance = Decimal(use_balance or 0)
    if use_balance < 0:
        raise DomainError(_("Enter an amount of zero or more."), field="use_balance")
    with transaction.atomic():
        _account, invoice = balance_and_invoice_lock(
            invoice_id=invoice_id, user_id=user_id, payable=True
        )
        if use_balance > 0:
            invoice = invoice_pay_from_balance(
                invoice_id=invoice.pk, user_id=user_id, amount=use_balance
            )
            if invoice.amount_due == 0:
                return None
        payment = _payment_create(user_id=user_id, amount=invoice.amount_due, invoice_id=invoice.pk)
    return _checkout_open(payment, success_url=success_url, cancel_url=cancel_url)


def _payment_move(payment: Payment, to: str, *, reason: str) -> bool:
    """Move a payment the caller has locked; success stamps `succeeded_at`. Payments move on
    Stripe's word (or the test page's), so the events name no person."""
    fields = []
    if to == PaymentStatus.SUCCEEDED and payment.status != to:
        Payment.state_machine.check(payment, to)
        payment.succeeded_at = timezone.now()
        fields.append("succeeded_at")
    return transition(payment, to=to, actor=None, reason=reason, fields=fields)


@transaction.atomic
def payment_succeed(*, payment_id: int, payment_intent: str = "") -> Payment:
    """Money arrived: credit the balance once, then pay the invoice from it (what is still due)."""
    _account, payment = balance_and_payment_lock(payment_id=payment_id)
    if payment.status == PaymentStatus.SUCCEEDED or payment.held_reason:
        return payment  # booked already, or held for Finance (amount or currency differ)
    _payment_move(payment, PaymentStatus.SUCCEEDED, reason="money arrived")
    if payment_intent and not payment.stripe_payment_intent:
        payment.stripe_payment_intent = payment_intent
        payment.save(update_fields=["stripe_payment_intent"])
    ledger_post(
        user_id=payment.user_id,
        kind=LedgerEntry.Kind.TOPUP,
        amount=payment.amount,
        description=_t("Payment %s") % payment.number,
        payment=payment,
        idempotency_key=f"payment:{payment.pk}",
    )
    if payment.invoice_id:
        invoice = invoice_lock(invoice_id=payment.invoice_id)
        if invoice.is_payable:
            invoice_settle(
                invoice,
                min(payment.amount, invoice.amount_due),
                key=f"payment:{payment.pk}:invoice",
                actor=None,
                payment=payment,
            )
    else:
        customer_notify(
            payment.user_id, "billing.topup", number=payment.number, amount=str(payment.amount)
        )
    return payment


@transaction.atomic
def payment_fail(*, payment_id: int) -> Payment:
    """A checkout expired or failed; a payment that already succeeded stays succeeded."""
    payment = lock(Payment, pk=payment_id)
    if payment.status == PaymentStatus.PENDING:
        _payment_move(payment, PaymentStatus.FAILED, reason="checkout expired or failed")
    return payment


def test_payment_complete(*, payment_number: str, user_id: int) -> Payment:
    """Without Stripe keys (development): the customer confirms a labelled test payment."""
    payment = Payment.objects.filter(
        number=payment_number, user_id=user_id, method=Payment.Method.TEST
    ).first()
    if payment is None or stripe_is_configured():
        raise DomainError(_("This test payment does not exist."))
    return payment_succeed(payment_id=payment.pk)


def _payment_for(obj: dict) -> Payment | None:
    session_id = obj.get("id", "") if obj.get("object") == "checkout.session" else ""
    order = obj.get("client_reference_id") or (obj.get("metadata") or {}).get("order")
    if session_id:
        found = Payment.objects.filter(stripe_session_id=session_id).first()
        if found is not None:
            return found
    intent = obj.get("payment_intent") if obj.get("object") in ("charge", "refund") else ""
    if intent:
        found = Payment.objects.filter(stripe_payment_intent=intent).first()
        if found is not None:
            return found
    if order:
        return Payment.objects.filter(number=order).first()
    return None


def stripe_webhook_handle(*, payload: bytes, signature: str) -> StripeEvent | None:
    """Verify, record and apply one Stripe event; a duplicate event id does nothing."""
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            signature,
            settings.STRIPE_WEBHOOK_SECRET or "",
            stripe.Webhook.DEFAULT_TOLERANCE,
        )
        event = json.loads(payload)  # plain dicts once the signature holds
    except (ValueError, RecursionError, stripe.SignatureVerificationError) as exc:
        raise WebhookRejected() from exc
    if not _is_event_shaped(event):
        raise WebhookRejected()  # signed, but not an event we can read: 400, nothing recorded
    obj = event["data"]["object"]
    kind = event["type"]
    # Asked of Stripe before any transaction opens (newer API versions leave them out).
    refunds = _charge_refunds(obj) if kind == "charge.refunded" else []
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    event_id=event["id"], type=event["type"], object_id=obj.get("id", "")
                )
        except IntegrityError:
            return None  # seen before
        payment = _payment_for(obj)
        if payment is None:
            return record
        if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
            if obj.get("payment_status") == "paid":
                mismatch = _amount_mismatch(payment, obj, amount_field="amount_total")
                if mismatch:
                    payment_hold(payment_id=payment.pk, reason=mismatch)
                else:
                    payment_succeed(
                        payment_id=payment.pk, payment_intent=obj.get("payment_intent") or ""
                    )
        elif kind == "payment_intent.succeeded":
            payment_succeed(payment_id=payment.pk, payment_intent=obj.get("id", ""))
        elif kind in (
            "checkout.session.expired",
            "checkout.session.async_payment_failed",
            "payment_intent.payment_failed",
        ):
            payment_fail(payment_id=payment.pk)
        elif kind == "charge.refunded":
            for item in refunds:
                stripe_refund_sync(payment_id=payment.pk, **item)
        elif kind in REFUND_EVENTS and obj.get("object") == "refund":
            stripe_refund_sync(payment_id=payment.pk, **_refund_fields(obj))
        return record


def _is_event_shaped(event: Any) -> bool:
    """An event as Stripe sends it: string id and type, and `data.object` an object."""
    return (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and bool(event["id"])
        and isinstance(event.get("type"), str)
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    )


def _charge_refunds(charge: dict) -> list[dict]:
    """The refunds of a charge: from the event when it lists them all, else asked of Stripe
    (newer API versions leave them out of the charge)."""
    listed = charge.get("refunds") or {}
    if listed.get("data") is not None and not listed.get("has_more"):
        items = listed["data"]
    else:
        listing = stripe_client().Refund.list(charge=charge["id"], limit=100)
        items = [item.to_dict() for item in listing["data"]]
    return [_refund_fields(item) for item in items]


REFUND_EVENTS = ("charge.refund.updated", "refund.created", "refund.updated", "refund.failed")


def _refund_fields(refund: dict) -> dict:
    """What billing reads of a Stripe Refund object."""
    return {
        "stripe_refund_id": refund["id"],
        "amount": Decimal(refund["amount"]),  # JPY has no minor unit
        "status": refund.get("status") or "",
        "failure_reason": refund.get("failure_reason") or "",
        "our_refund_id": str((refund.get("metadata") or {}).get("refund") or ""),
    }


def _amount_mismatch(payment: Payment, obj: dict, *, amount_field: str) -> str:
    """Why Stripe's amount or currency is not the payment's (empty when they match)."""
    amount, currency = obj.get(amount_field), obj.get("currency")
    expected = Money.jpy(payment.amount).to_minor_units()
    if currency != "jpy" or amount != expected:
        return f"Stripe reported {amount} {currency}, expected {expected} jpy"
    return ""


@transaction.atomic
def payment_hold(*, payment_id: int, reason: str) -> Payment:
    """Stripe completed a checkout whose amount or currency is not the payment's: nothing is
    booked; the payment is held for Finance, who are alerted once."""
    payment = lock(Payment, pk=payment_id)
    if payment.held_reason or payment.status == PaymentStatus.SUCCEEDED:
        return payment
    payment.held_reason = reason[:200]
    payment.save(update_fields=["held_reason"])
    finance_alert("billing.payment_held", order=payment.number, reason=payment.held_reason)
    return payment


__all__ = [
    "invoice_checkout_start",
    "payment_fail",
    "payment_hold",
    "payment_start",
    "payment_succeed",
    "stripe_refund_book",
    "stripe_refund_create",
    "stripe_webhook_handle",
    "test_payment_complete",
]
