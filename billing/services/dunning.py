"""Dunning: reminders of invoices falling due, and suspending accounts with invoices unpaid past
the grace period."""

from datetime import date, timedelta
from typing import Any

from constance import config
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.states import AccountStatus
from billing.models import Invoice
from billing.services.notices import customer_notify
from billing.states import UNPAID_STATUSES, InvoiceStatus

REMINDER_BATCH = 500


def invoices_due_remind(*, today: date) -> int:
    """Remind customers once of each open invoice falling due within INVOICE_REMINDER_DAYS_BEFORE
    days (today included; an invoice already past due is the overdue sweep's business).

    In batches, each its own transaction: the batch is locked (SKIP LOCKED, so a second sweep
    running at the same time takes other rows), one notification per invoice is written to the
    outbox, and one UPDATE … WHERE reminder_sent_at IS NULL marks the batch; a second run finds
    nothing left to send."""
    from notifications.services import notify

    horizon = today + timedelta(days=config.INVOICE_REMINDER_DAYS_BEFORE)
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Invoice.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(
                    status=InvoiceStatus.OPEN,
                    reminder_sent_at__isnull=True,
                    due_date__gte=today,
                    due_date__lte=horizon,
                    amount_paid__lt=F("total"),
                )
                .order_by("due_date", "pk")[:REMINDER_BATCH]
            )
            if not batch:
                return sent
            for invoice in batch:
                notify(
                    user=invoice.user,
                    event="billing.invoice_due_soon",
                    context={
                        "invoice_id": invoice.pk,
                        "number": invoice.number,
                        "total": str(invoice.total),
                        "amount_due": str(invoice.amount_due),
                        "due_date": invoice.due_date.isoformat(),
                    },
                )
            sent += Invoice.objects.filter(
                pk__in=[invoice.pk for invoice in batch], reminder_sent_at__isnull=True
            ).update(reminder_sent_at=timezone.now())


def invoices_overdue_suspend(*, today: date, actor: Any = None) -> int:
    """Suspend accounts with an invoice unpaid past its due date plus the grace period (A8(3)).

    Each account in its own transaction; accounts' service makes a second run a no-op."""
    from accounts.services import account_suspend

    cutoff = today - timedelta(days=config.OVERDUE_GRACE_DAYS)
    overdue = (
        Invoice.objects.filter(
            status__in=UNPAID_STATUSES, due_date__lt=cutoff, user__status=AccountStatus.ACTIVE
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    count = 0
    for user_id in list(overdue):
        with transaction.atomic():
            account_suspend(
                user_id=user_id,
                actor=actor,
                reason="Invoice unpaid past the grace period (agreement article 8(3))",
            )
            numbers = list(
                Invoice.objects.filter(
                    user_id=user_id, status__in=UNPAID_STATUSES, due_date__lt=cutoff
                ).values_list("number", flat=True)
            )
            customer_notify(user_id, "billing.overdue_suspended", numbers=numbers)
        count += 1
    return count
