"""The row locks billing takes, and their order, named once.

A customer's balance row is locked first: every change to their money takes it, so two payments,
a payment and a refund, or a coupon and a settlement of the same customer run one after the
other and the second sees the first's work. Under it come the invoice and its payments (or a
refund): every path that locks more than one of those holds the balance lock first, so they
cannot wait on each other. Paths that lock only an invoice (void, price approval, the transition
helper) take no other lock after it. No lock is held across a call to Stripe: services commit
first and call after."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from billing.models import BalanceAccount, Invoice, Payment
from transship.errors import DomainError
from transship.transitions import lock


class InvoiceNotPayable(DomainError):
    default_message = _("This invoice cannot be paid now.")


def balance_account_lock(*, user_id: int) -> BalanceAccount:
    """The user's balance row, locked for this transaction (created on first use)."""
    account = BalanceAccount.objects.select_for_update().filter(user_id=user_id).first()
    if account is None:
        try:
            with transaction.atomic():
                BalanceAccount.objects.create(user_id=user_id)
        except IntegrityError:
            pass  # created concurrently: lock theirs
        account = BalanceAccount.objects.select_for_update().get(user_id=user_id)
    return account


def invoice_lock(*, invoice_id: int, user_id: int | None = None, payable: bool = False) -> Invoice:
    """The invoice, locked (of `user_id` when given); with `payable`, refused unless it can be
    paid now. Take the balance lock first when money moves."""
    query = Invoice.objects.all()
    if user_id is not None:
        query = query.filter(user_id=user_id)
    invoice = lock(query, pk=invoice_id)
    if payable and not invoice.is_payable:
        raise InvoiceNotPayable()
    return invoice


def balance_and_invoice_lock(
    *, invoice_id: int, user_id: int | None = None, payable: bool = False
) -> tuple[BalanceAccount, Invoice]:
    """The invoice's owner's balance, then the invoice: the order every payment and refund of an
    invoice takes. `user_id` restricts to the customer's own invoice."""
    owner_id = user_id
    if owner_id is None:
        owner_id = Invoice.objects.values_list("user_id", flat=True).get(pk=invoice_id)
    account = balance_account_lock(user_id=owner_id)
    return account, invoice_lock(invoice_id=invoice_id, user_id=user_id, payable=payable)


def balance_and_payment_lock(*, payment_id: int) -> tuple[BalanceAccount, Payment]:
    """The payer's balance, then the payment (its invoice, when needed, after them)."""
    user_id = Payment.objects.values_list("user_id", flat=True).get(pk=payment_id)
    account = balance_account_lock(user_id=user_id)
    return account, lock(Payment, pk=payment_id)
