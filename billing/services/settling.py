"""Settling invoices: a payment from the balance to an invoice, whatever brought the money there
(a top-up, a coupon, points, disposal proceeds)."""

import secrets
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, LedgerEntry, Payment
from billing.services.issuing import invoice_move
from billing.services.ledger import balance_frozen_check, ledger_post
from billing.services.locks import balance_and_invoice_lock
from billing.services.notices import customer_notify
from billing.services.points import points_earn
from billing.states import InvoiceStatus
from transship.errors import DomainError


def invoice_settle(
    invoice: Invoice,
    amount: Decimal,
    *,
    key: str,
    actor: Any,
    payment: Payment | None = None,
) -> Invoice:
    """Pay `amount` of an invoice from the balance (one payment ledger entry); the caller holds
    the balance and invoice locks. Paid in full, the invoice is paid and earns its points. A
    repeated `key` changes nothing."""
    if LedgerEntry.objects.filter(idempotency_key=key).exists():
        return invoice  # a replay: already applied
    ledger_post(
        user_id=invoice.user_id,
        kind=LedgerEntry.Kind.PAYMENT,
        amount=-amount,
        description=_t("Payment of invoice %s") % invoice.number,
        invoice=invoice,
        payment=payment,
        idempotency_key=key,
        actor=actor,
    )
    invoice.amount_paid += amount
    invoice.save(update_fields=["amount_paid", "updated_at"])
    if invoice.amount_paid == invoice.total:
        invoice_move(invoice, to=InvoiceStatus.PAID, actor=actor, reason="paid")
        points_earn(invoice)
        customer_notify(
            invoice.user_id,
            "billing.invoice_paid",
            invoice_id=invoice.pk,
            number=invoice.number,
            total=str(invoice.total),
        )
    return invoice


@transaction.atomic
def invoice_pay_from_balance(
    *,
    invoice_id: int,
    user_id: int,
    amount: Decimal | None = None,
    idempotency_key: str | None = None,
) -> Invoice:
    """Pay all (default) or part of the user's open invoice from their balance.

    The balance row is locked before the invoice, the same order as every other payment, so two
    concurrent payments serialise and can never overdraw."""
    balance_frozen_check(user_id=user_id)
    _account, invoice = balance_and_invoice_lock(
        invoice_id=invoice_id, user_id=user_id, payable=True
    )
    amount = invoice.amount_due if amount is None else min(Decimal(amount), invoice.amount_due)
    if amount <= 0:
        raise DomainError(_("Enter an amount above zero."), field="amount")
    key = idempotency_key or f"balance:{invoice.pk}:{secrets.token_hex(8)}"
    return invoice_settle(invoice, amount, key=key, actor=invoice.user)
