"""Disposal settlement (A15.5-15.8) and remittances of the remainder.

Sale proceeds pay, in order: the parcel's storage and disposal costs, then the customer's unpaid
invoices (oldest first); the remainder is credited to the customer and remitted to their
designated bank account within REMITTANCE_DAYS, less the remittance fee; no interest accrues."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from constance import config
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.sensitive import sensitive_action_check
from billing import selectors
from billing.models import (
    BankAccount,
    Invoice,
    InvoiceLine,
    LedgerEntry,
    Remittance,
    Settlement,
)
from billing.services.issuing import invoice_create
from billing.services.ledger import ledger_post, user_is_frozen
from billing.services.locks import balance_account_lock
from billing.services.notices import customer_notify, finance_alert
from billing.services.settling import invoice_settle
from billing.states import InvoiceStatus, RemittanceStatus
from transship.errors import DomainError
from transship.numbers import document_number
from transship.transitions import lock, lock_all, transition


@transaction.atomic
def disposal_settle(
    *,
    parcel_id: int,
    user_id: int | None,
    received_at: Any,
    sale_price: Decimal,
    actor: Any,
) -> Settlement:
    """Settle a sold (or destroyed: `sale_price` 0) disposed parcel; a second call returns the
    first settlement. Parcels passes the parcel's owner and arrival (billing never reads
    parcels)."""
    existing = Settlement.objects.filter(parcel_id=parcel_id).first()
    if existing is not None:
        return existing
    if user_id is None:
        raise DomainError(_("An unidentified parcel has no customer to settle with."))
    sale_price = Decimal(sale_price)
    if sale_price < 0:
        raise DomainError(_("The sale price cannot be negative."), field="sale_price")
    return _settle(
        parcel_id=parcel_id,
        user_id=user_id,
        received_at=received_at,
        sale_price=sale_price,
        actor=actor,
    )


def _settle(
    *, parcel_id: int, user_id: int, received_at: Any, sale_price: Decimal, actor: Any
) -> Settlement:
    balance_account_lock(user_id=user_id)
    storage = selectors.storage_fee(received_at=received_at, until=timezone.now())
    disposal = Decimal(config.DISPOSAL_FEE_JPY)
    costs = storage + disposal
    covered = min(sale_price, costs)
    left = sale_price - covered
    key = f"settlement:{parcel_id}"
    if sale_price > 0:
        ledger_post(
            user_id=user_id,
            kind=LedgerEntry.Kind.DISPOSAL_PROCEEDS,
            amount=sale_price,
            description=gettext("Proceeds of disposed parcel %s") % parcel_id,
            idempotency_key=f"{key}:proceeds",
            actor=actor,
        )
    if covered > 0:
        ledger_post(
            user_id=user_id,
            kind=LedgerEntry.Kind.FEE,
            amount=-covered,
            description=gettext("Storage and disposal costs of parcel %s") % parcel_id,
            idempotency_key=f"{key}:costs",
            actor=actor,
        )
    if costs > covered:
        # Proceeds did not cover the costs: the customer owes the rest (A15.5).
        invoice_create(
            user_id=user_id,
            kind=Invoice.Kind.STORAGE,
            lines=[
                (
                    InvoiceLine.Kind.STORAGE,
                    gettext("Storage and disposal costs of parcel %s not covered by the sale")
                    % parcel_id,
                    costs - covered,
                )
            ],
            actor=actor,
        )
    unpaid_paid = Decimal(0)
    if left > 0:
        for invoice in lock_all(
            Invoice.objects.filter(user_id=user_id, status=InvoiceStatus.OPEN).order_by(
                "due_date", "pk"
            )
        ):
            part = min(left - unpaid_paid, invoice.amount_due)
            if part <= 0:
                break
            invoice_settle(invoice, part, key=f"{key}:invoice:{invoice.pk}", actor=actor)
            unpaid_paid += part
    remainder = left - unpaid_paid
    remittance = None
    fee = Decimal(config.REMITTANCE_FEE_JPY)
    if remainder > fee and not user_is_frozen(user_id=user_id):
        remittance = Remittance.objects.create(
            number=document_number("REM"),
            user_id=user_id,
            gross=remainder,
            fee=fee,
            amount=remainder - fee,
            due_date=timezone.localdate() + timedelta(days=config.REMITTANCE_DAYS),
        )
        if fee:
            ledger_post(
                user_id=user_id,
                kind=LedgerEntry.Kind.REMITTANCE_FEE,
                amount=-fee,
                description=gettext("Remittance fee, %s") % remittance.number,
                idempotency_key=f"{key}:remittance-fee",
                actor=actor,
            )
        ledger_post(
            user_id=user_id,
            kind=LedgerEntry.Kind.REMITTANCE,
            amount=-remittance.amount,
            description=gettext("Remittance %s to your bank account") % remittance.number,
            idempotency_key=f"{key}:remittance",
            actor=actor,
        )
        if not BankAccount.objects.filter(user_id=user_id).exists():
            _bank_account_ask(remittance)
    settlement = Settlement.objects.create(
        parcel_id=parcel_id,
        user_id=user_id,
        sale_price=sale_price,
        storage_fee=storage,
        disposal_fee=disposal,
        costs_covered=covered,
        unpaid_fees_paid=unpaid_paid,
        remainder=remainder,
        remittance=remittance,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    customer_notify(
        user_id,
        "billing.settlement",
        parcel_id=parcel_id,
        sale_price=str(sale_price),
        costs=str(covered),
        unpaid=str(unpaid_paid),
        remainder=str(remainder),
        remittance_amount=str(remittance.amount) if remittance else "",
        remittance_due=remittance.due_date.isoformat() if remittance else "",
    )
    return settlement


@transaction.atomic
def remittance_mark_paid(*, remittance_id: int, actor: Any) -> Remittance:
    """Finance has sent the money; marking twice is harmless. Refused while the customer has no
    bank account on file: the money would have nowhere to go."""
    remittance = lock(Remittance, pk=remittance_id)
    if remittance.status == RemittanceStatus.PAID:
        return remittance
    account = BankAccount.objects.filter(user_id=remittance.user_id).first()
    if account is None:
        raise DomainError(
            _(
                "%(number)s: the customer has no bank account on file; they have been asked for "
                "one. Mark it paid once the money is sent to that account."
            )
            % {"number": remittance.number}
        )
    # A4.4: not to an account the customer gave after their password may have leaked.
    sensitive_action_check(user_id=remittance.user_id, changed_at=account.updated_at)
    Remittance.state_machine.check(remittance, RemittanceStatus.PAID)
    remittance.paid_at = timezone.now()
    remittance.paid_by = actor if getattr(actor, "pk", None) else None
    transition(
        remittance,
        to=RemittanceStatus.PAID,
        actor=actor,
        reason="money sent",
        fields=("paid_at", "paid_by"),
    )
    customer_notify(
        remittance.user_id,
        "billing.remittance_paid",
        number=remittance.number,
        amount=str(remittance.amount),
    )
    return remittance


def remittances_warn_due(*, today: date) -> int:
    """Tell Finance once about each pending remittance due within REMITTANCE_WARN_DAYS."""
    horizon = today + timedelta(days=config.REMITTANCE_WARN_DAYS)
    with transaction.atomic():
        due = list(
            Remittance.objects.select_for_update(skip_locked=True)
            .filter(status=RemittanceStatus.PENDING, warned_at__isnull=True, due_date__lte=horizon)
            .order_by("due_date")
        )
        if not due:
            return 0
        items = [
            {"number": r.number, "amount": str(r.amount), "due_date": r.due_date.isoformat()}
            for r in due
        ]
        finance_alert("billing.remittance_due", remittances=items)
        Remittance.objects.filter(pk__in=[r.pk for r in due]).update(warned_at=timezone.now())
    return len(due)


def _bank_account_ask(remittance: Remittance) -> None:
    """Ask the customer (email and in-site message) for the account to remit to."""
    customer_notify(
        remittance.user_id,
        "billing.bank_account_needed",
        number=remittance.number,
        amount=str(remittance.amount),
        due_date=remittance.due_date.isoformat(),
    )
    Remittance.objects.filter(pk=remittance.pk).update(bank_account_asked_at=timezone.now())


def remittances_bank_account_remind(*, now: datetime) -> int:
    """Remind customers without a bank account on file, every
    REMITTANCE_BANK_ACCOUNT_REMINDER_DAYS, of each pending remittance waiting for one.

    One transaction; the rows are locked (SKIP LOCKED) and stamped, so a second run at once
    sends nothing."""
    before = now - timedelta(days=config.REMITTANCE_BANK_ACCOUNT_REMINDER_DAYS)
    with transaction.atomic():
        waiting = list(
            Remittance.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=RemittanceStatus.PENDING, user__bank_account__isnull=True)
            .filter(Q(bank_account_asked_at__isnull=True) | Q(bank_account_asked_at__lte=before))
            .order_by("due_date", "pk")
        )
        for remittance in waiting:
            _bank_account_ask(remittance)
    return len(waiting)


def remittances_overdue_alarm(*, today: date) -> int:
    """Alarm Finance once about each pending remittance past its due date (A15.6: proceeds are
    remitted within REMITTANCE_DAYS), saying which still lack a bank account."""
    with transaction.atomic():
        overdue = list(
            Remittance.objects.select_for_update(skip_locked=True)
            .filter(
                status=RemittanceStatus.PENDING,
                overdue_alerted_at__isnull=True,
                due_date__lt=today,
            )
            .order_by("due_date", "pk")
        )
        if not overdue:
            return 0
        with_account = set(
            BankAccount.objects.filter(user_id__in=[r.user_id for r in overdue]).values_list(
                "user_id", flat=True
            )
        )
        items = [
            {
                "number": r.number,
                "amount": str(r.amount),
                "due_date": r.due_date.isoformat(),
                "has_bank_account": r.user_id in with_account,
            }
            for r in overdue
        ]
        finance_alert("billing.remittance_overdue", remittances=items)
        Remittance.objects.filter(pk__in=[r.pk for r in overdue]).update(
            overdue_alerted_at=timezone.now()
        )
    return len(overdue)


def remittances_follow_up(*, now: datetime) -> int:
    """The daily follow-up of pending remittances: customers reminded to give a bank account,
    Finance warned of those nearing their due date and alarmed about those past it. Returns the
    number of remittances handled."""
    today = timezone.localdate(now)
    return (
        remittances_bank_account_remind(now=now)
        + remittances_warn_due(today=today)
        + remittances_overdue_alarm(today=today)
    )


@transaction.atomic
def bank_account_set(
    *,
    user_id: int,
    bank_name: str,
    account_number: str,
    holder: str,
    branch: str = "",
    swift: str = "",
) -> None:
    """The customer designates the account disposal proceeds are remitted to (A15.7)."""
    sensitive_action_check(user_id=user_id)
    if not (bank_name.strip() and account_number.strip() and holder.strip()):
        raise DomainError(_("Enter the bank, the account number and the holder."))
    BankAccount.objects.update_or_create(
        user_id=user_id,
        defaults={
            "bank_name": bank_name.strip(),
            "account_number": account_number.strip(),
            "holder": holder.strip(),
            "branch": branch.strip(),
            "swift": swift.strip(),
        },
    )
