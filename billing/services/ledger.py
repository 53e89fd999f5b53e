"""The ledger: the one place a customer's balance changes.

Every movement is an immutable `LedgerEntry`; `BalanceAccount` is the per-user row locked with
SELECT … FOR UPDATE so two concurrent payments are serialised and the second sees the first's
effect; a CHECK constraint on the cached balance backs the rule in the database."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import selectors as accounts_selectors
from billing.models import Invoice, LedgerEntry, Payment
from billing.services.locks import balance_account_lock
from transship.errors import DomainError


class InsufficientBalance(DomainError):
    default_message = _("Your balance is not enough for this payment.")
    field = "amount"


class BalanceFrozen(DomainError):
    default_message = _(
        "This account's balance is frozen (agreement article 8(2)); please contact support."
    )


def user_is_frozen(*, user_id: int) -> bool:
    """Disqualified accounts have their balance frozen (A8(2))."""
    return accounts_selectors.user_is_frozen(user_id=user_id)


def balance_frozen_check(*, user_id: int) -> None:
    if user_is_frozen(user_id=user_id):
        raise BalanceFrozen()


@transaction.atomic
def ledger_post(
    *,
    user_id: int,
    kind: str,
    amount: Decimal,
    description: str = "",
    invoice: Invoice | None = None,
    payment: Payment | None = None,
    idempotency_key: str | None = None,
    actor: Any = None,
) -> LedgerEntry:
    """Add one entry to the user's ledger and move their balance by `amount` (signed).

    With an `idempotency_key` a repeat returns the first entry and moves nothing. Raises
    InsufficientBalance rather than letting the balance go below zero."""
    amount = Decimal(amount)
    account = balance_account_lock(user_id=user_id)
    if idempotency_key:
        existing = LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    new_balance = account.balance + amount
    if new_balance < 0:
        raise InsufficientBalance()
    entry = LedgerEntry.objects.create(
        user_id=user_id,
        kind=kind,
        amount=amount,
        balance_after=new_balance,
        description=description[:200],
        invoice=invoice,
        payment=payment,
        idempotency_key=idempotency_key,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    account.balance = new_balance
    account.save(update_fields=["balance", "updated_at"])
    return entry


@transaction.atomic
def balance_adjust(*, user_id: int, amount: Decimal, actor: Any, reason: str) -> LedgerEntry:
    """A correction by Finance: a signed adjustment entry with its reason."""
    if not reason.strip():
        raise DomainError(_("Say why the balance is adjusted."), field="reason")
    if Decimal(amount) == 0:
        raise DomainError(_("An adjustment cannot be zero."), field="amount")
    return ledger_post(
        user_id=user_id,
        kind=LedgerEntry.Kind.ADJUSTMENT,
        amount=amount,
        description=reason,
        actor=actor,
    )
