"""Refunds: Finance's refunds of paid invoices (to the balance or to the card), and refunds made
in Stripe's dashboard, booked once per Stripe refund id."""

from decimal import Decimal
from typing import Any

import stripe
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, LedgerEntry, Payment, Refund
from billing.services import stripe_gateway
from billing.services.issuing import invoice_move
from billing.services.ledger import InsufficientBalance, ledger_post
from billing.services.locks import (
    balance_account_lock,
    balance_and_invoice_lock,
    balance_and_payment_lock,
    invoice_lock,
)
from billing.services.notices import customer_notify, finance_alert
from billing.services.points import points_take_back
from billing.states import InvoiceStatus, PaymentStatus, RefundStatus
from transship.errors import DomainError
from transship.transitions import lock


def invoice_refund(
    *, invoice_id: int, amount: Decimal, destination: str, actor: Any, reason: str
) -> Refund:
    """Finance refunds part or all of a paid invoice to the balance or to the card it came from.

    A card refund is booked (pending) and committed first; Stripe is called after, holding no row
    lock, and its answer is recorded in a second short transaction: succeeded, still pending
    (Stripe's webhook settles it later), or failed, reversed at once. The idempotency key
    `refund:<id>` makes a retried call safe, and the refund carries our id in its metadata so a
    webhook arriving in between recognises it."""
    refund = _invoice_refund_book(
        invoice_id=invoice_id, amount=amount, destination=destination, actor=actor, reason=reason
    )
    if refund.payment_id is None or refund.status != RefundStatus.PENDING:
        return refund
    try:
        made = stripe_gateway.stripe_refund_create(payment=refund.payment, refund=refund)
    except stripe.StripeError as exc:
        refund_outcome_record(
            refund_id=refund.pk, status="failed", failure_reason=str(exc.code or "stripe_error")
        )
        raise DomainError(
            _("Stripe did not make the refund; the amount stays on the customer's balance.")
        ) from exc
    return refund_outcome_record(
        refund_id=refund.pk,
        stripe_refund_id=made["id"],
        status=made["status"],
        failure_reason=made.get("failure_reason") or "",
    )


@transaction.atomic
def _invoice_refund_book(
    *, invoice_id: int, amount: Decimal, destination: str, actor: Any, reason: str
) -> Refund:
    amount = Decimal(amount)
    _account, invoice = balance_and_invoice_lock(invoice_id=invoice_id)
    if amount <= 0:
        raise DomainError(_("The amount must be positive."), field="amount")
    if amount > invoice.amount_paid - invoice.amount_refunded:
        raise DomainError(_("That is more than was paid on this invoice."), field="amount")
    if not reason.strip():
        raise DomainError(_("Say why the money is refunded."), field="reason")
    payment = None
    if destination == Refund.Destination.CARD:
        payment = (
            Payment.objects.select_for_update()
            .filter(invoice=invoice, status=PaymentStatus.SUCCEEDED)
            .filter(amount__gte=F("amount_refunded") + amount)
            .order_by("-succeeded_at")
            .first()
        )
        if payment is None:
            raise DomainError(
                _("No card payment on this invoice can take that refund; refund to the balance."),
                field="destination",
            )
    return refund_book(
        invoice,
        payment=payment,
        amount=amount,
        destination=destination,
        reason=reason,
        actor=actor,
        status=RefundStatus.SUCCEEDED if payment is None else RefundStatus.PENDING,
    )


def refund_book(
    invoice: Invoice,
    *,
    payment: Payment | None,
    amount: Decimal,
    destination: str,
    reason: str,
    actor: Any,
    stripe_refund_id: str = "",
    status: str = RefundStatus.SUCCEEDED,
) -> Refund:
    """Book a refund of a locked invoice: money back to the balance, and for a card refund on to
    the card; points taken back; the invoice refunded when all of it is. The caller holds the
    balance row lock and calls Stripe, if at all, after committing."""
    refund = Refund.objects.create(
        invoice=invoice,
        payment=payment,
        amount=amount,
        destination=destination,
        reason=reason[:300],
        stripe_refund_id=stripe_refund_id,
        status=status,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    ledger_post(
        user_id=invoice.user_id,
        kind=LedgerEntry.Kind.REFUND,
        amount=amount,
        description=_t("Refund on invoice %s") % invoice.number,
        invoice=invoice,
        idempotency_key=f"refund:{refund.pk}",
        actor=actor,
    )
    if payment is not None:
        payment.amount_refunded += amount
        payment.save(update_fields=["amount_refunded"])
        ledger_post(
            user_id=invoice.user_id,
            kind=LedgerEntry.Kind.CARD_REFUND,
            amount=-amount,
            description=_t("Refund to card, order %s") % payment.number,
            invoice=invoice,
            payment=payment,
            idempotency_key=f"refund:{refund.pk}:card",
            actor=actor,
        )
    invoice.amount_refunded += amount
    invoice.save(update_fields=["amount_refunded", "updated_at"])
    points = points_take_back(invoice, refund=refund)
    if invoice.amount_refunded == invoice.amount_paid and invoice.status == InvoiceStatus.PAID:
        invoice_move(invoice, to=InvoiceStatus.REFUNDED, actor=actor, reason=reason)
    customer_notify(
        invoice.user_id,
        "billing.refund",
        invoice_id=invoice.pk,
        number=invoice.number,
        amount=str(amount),
        destination=destination,
        points_taken_back=points,
    )
    return refund


@transaction.atomic
def stripe_refund_book(
    *,
    payment_id: int,
    stripe_refund_id: str,
    amount: Decimal,
    status: str = RefundStatus.SUCCEEDED,
) -> Refund | None:
    """Book a refund made in Stripe (e.g. in its dashboard) rather than by `invoice_refund`.

    Exactly once per Stripe refund id: a refund we made ourselves is recognised by
    `stripe_refund_sync` (by its id or our id in its metadata), and a replay finds the first
    booking. A pending refund is booked at once and reversed if it fails. On an invoice payment
    it is booked as a card refund of the invoice (balance credit and card debit entries, points
    taken back); money that was not
    paid to an invoice (a top-up, or it stayed on the balance) leaves the balance. When the
    balance cannot cover it, nothing is booked and Finance is told to sort it out by hand."""
    _account, payment = balance_and_payment_lock(payment_id=payment_id)
    key = f"stripe-refund:{stripe_refund_id}"
    if (
        Refund.objects.filter(stripe_refund_id=stripe_refund_id).exists()
        or LedgerEntry.objects.filter(idempotency_key=key).exists()
    ):
        return None
    amount = Decimal(amount)
    invoice = None
    if (
        payment.invoice_id is not None
        and payment.ledger_entries.filter(kind=LedgerEntry.Kind.PAYMENT).exists()
    ):
        invoice = invoice_lock(invoice_id=payment.invoice_id)
        if amount > invoice.amount_paid - invoice.amount_refunded:
            invoice = None
    if invoice is not None:
        return refund_book(
            invoice,
            payment=payment,
            amount=amount,
            destination=Refund.Destination.CARD,
            reason=_t("Refunded in Stripe (%s)") % stripe_refund_id,
            actor=None,
            stripe_refund_id=stripe_refund_id,
            status=status,
        )
    try:
        with transaction.atomic():
            ledger_post(
                user_id=payment.user_id,
                kind=LedgerEntry.Kind.CARD_REFUND,
                amount=-amount,
                description=_t("Refund to card, order %s") % payment.number,
                payment=payment,
                idempotency_key=key,
            )
            payment.amount_refunded += amount
            payment.save(update_fields=["amount_refunded"])
    except InsufficientBalance:
        finance_alert(
            "billing.stripe_refund_unbooked",
            order=payment.number,
            stripe_refund_id=stripe_refund_id,
            amount=str(amount),
        )
    return None


STRIPE_FAILED = ("failed", "canceled")


def _card_refund_reverse(
    *, payment: Payment, amount: Decimal, stripe_refund_id: str, key: str, failure_reason: str
) -> bool:
    """The card refund failed: its amount comes back to the customer's balance (one entry under
    `key`, so once) and leaves the payment's refunded total; Finance is told. The caller holds the
    balance and payment locks. Returns whether it reversed now."""
    if LedgerEntry.objects.filter(idempotency_key=key).exists():
        return False
    ledger_post(
        user_id=payment.user_id,
        kind=LedgerEntry.Kind.CARD_REFUND_FAILED,
        amount=amount,
        description=_t("Refund to card failed, order %s: back on your balance") % payment.number,
        invoice=payment.invoice,
        payment=payment,
        idempotency_key=key,
    )
    payment.amount_refunded -= amount
    payment.save(update_fields=["amount_refunded"])
    finance_alert(
        "billing.refund_failed",
        order=payment.number,
        stripe_refund_id=stripe_refund_id,
        amount=str(amount),
        failure_reason=failure_reason,
    )
    return True


@transaction.atomic
def refund_outcome_record(
    *, refund_id: int, status: str, stripe_refund_id: str = "", failure_reason: str = ""
) -> Refund:
    """Record what Stripe says of one of our card refunds. Pending becomes succeeded; a failed
    or canceled refund (even one reported succeeded before) is reversed once; a failed refund
    stays failed whatever arrives later."""
    user_id = Refund.objects.values_list("invoice__user_id", flat=True).get(pk=refund_id)
    balance_account_lock(user_id=user_id)
    refund = lock(Refund, pk=refund_id)
    fields = []
    if stripe_refund_id and not refund.stripe_refund_id:
        refund.stripe_refund_id = stripe_refund_id
        fields.append("stripe_refund_id")
    if status in STRIPE_FAILED and refund.status != RefundStatus.FAILED:
        _card_refund_reverse(
            payment=lock(Payment, pk=refund.payment_id),
            amount=refund.amount,
            stripe_refund_id=refund.stripe_refund_id,
            key=f"refund:{refund.pk}:card-failed",
            failure_reason=failure_reason,
        )
        refund.status = RefundStatus.FAILED
        refund.failure_reason = failure_reason[:100]
        fields += ["status", "failure_reason"]
    elif status == "succeeded" and refund.status == RefundStatus.PENDING:
        refund.status = RefundStatus.SUCCEEDED
        fields.append("status")
    if fields:
        refund.save(update_fields=fields)
    return refund


@transaction.atomic
def stripe_refund_sync(
    *,
    payment_id: int,
    stripe_refund_id: str,
    amount: Decimal,
    status: str,
    failure_reason: str = "",
    our_refund_id: str = "",
) -> Refund | None:
    """Apply what Stripe says of a refund of a payment (`charge.refunded`, `refund.updated`,
    `refund.failed`, ...), exactly once per Stripe refund id: ours (found by its id or by our id
    in its metadata) gets its outcome recorded; one made in the dashboard is booked when first
    seen pending or succeeded, and reversed once if it fails."""
    _account, payment = balance_and_payment_lock(payment_id=payment_id)
    refund = Refund.objects.filter(stripe_refund_id=stripe_refund_id).first()
    if refund is None and our_refund_id.isdigit():
        refund = Refund.objects.filter(
            pk=int(our_refund_id), payment=payment, stripe_refund_id=""
        ).first()
    if refund is not None:
        return refund_outcome_record(
            refund_id=refund.pk,
            status=status,
            stripe_refund_id=stripe_refund_id,
            failure_reason=failure_reason,
        )
    booked = LedgerEntry.objects.filter(idempotency_key=f"stripe-refund:{stripe_refund_id}")
    if booked.exists():  # booked on the balance alone (no invoice to refund)
        if status in STRIPE_FAILED:
            _card_refund_reverse(
                payment=payment,
                amount=-booked.get().amount,
                stripe_refund_id=stripe_refund_id,
                key=f"stripe-refund:{stripe_refund_id}:failed",
                failure_reason=failure_reason,
            )
        return None
    if status in STRIPE_FAILED:
        return None  # never booked: nothing to undo
    return stripe_refund_book(
        payment_id=payment.pk,
        stripe_refund_id=stripe_refund_id,
        amount=amount,
        status=RefundStatus.SUCCEEDED if status == "succeeded" else RefundStatus.PENDING,
    )
