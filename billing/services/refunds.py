"""Refunds: Finance's refunds of paid invoices (to the balance or to the card), and refunds made
in Stripe's dashboard, booked once per Stripe refund id."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, LedgerEntry, Payment, Refund
from billing.services import stripe_gateway
from billing.services.issuing import invoice_move
from billing.services.ledger import InsufficientBalance, ledger_post
from billing.services.locks import balance_and_invoice_lock, balance_and_payment_lock, invoice_lock
from billing.services.notices import customer_notify, finance_alert
from billing.services.points import points_take_back
from billing.states import InvoiceStatus, PaymentStatus
from transship.errors import DomainError


@transaction.atomic
def invoice_refund(
    *, invoice_id: int, amount: Decimal, destination: str, actor: Any, reason: str
) -> Refund:
    """Finance refunds part or all of a paid invoice to the balance or to the card it came from."""
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
    )


def refund_book(
    invoice: Invoice,
    *,
    payment: Payment | None,
    amount: Decimal,
    destination: str,
    reason: str,
    actor: Any,
    stripe_refund_id: str | None = None,
) -> Refund:
    """Book a refund of a locked invoice: money back to the balance, and for a card refund on to
    the card (through Stripe, unless `stripe_refund_id` says Stripe already made it); points
    taken back; the invoice refunded when all of it is. The caller holds the balance row lock."""
    refund = Refund.objects.create(
        invoice=invoice,
        payment=payment,
        amount=amount,
        destination=destination,
        reason=reason[:300],
        stripe_refund_id=stripe_refund_id or "",
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
        if stripe_refund_id is None:
            refund.stripe_refund_id = stripe_gateway.stripe_refund_create(
                payment=payment, refund=refund
            )
            refund.save(update_fields=["stripe_refund_id"])
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
def stripe_refund_book(*, payment_id: int, stripe_refund_id: str, amount: Decimal) -> Refund | None:
    """Book a refund made in Stripe (e.g. in its dashboard) rather than by `invoice_refund`.

    Exactly once per Stripe refund id: a refund we made ourselves carries its id already (our
    refund holds the balance and payment locks until it commits, and this waits for them), and a
    replay finds the first booking. On an invoice payment it is booked as a card refund of the
    invoice (balance credit and card debit entries, points taken back); money that was not
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
