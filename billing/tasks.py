"""Thin Celery tasks of billing: ids in, one service call; safe to run twice."""

from celery import shared_task
from django.utils import timezone

from billing import services
from transship.locks import single_run


@shared_task(name="billing.suspend_overdue", acks_late=True, soft_time_limit=300)
@single_run(name="billing.suspend_overdue")
def suspend_overdue() -> int:
    """Suspend accounts with invoices overdue past the grace period (A8(3))."""
    return services.invoices_overdue_suspend(today=timezone.localdate())


@shared_task(name="billing.remind_due_invoices", acks_late=True, soft_time_limit=300)
@single_run(name="billing.remind_due_invoices")
def remind_due_invoices() -> int:
    """Remind customers once of invoices falling due in INVOICE_REMINDER_DAYS_BEFORE days."""
    return services.invoices_due_remind(today=timezone.localdate())


@shared_task(name="billing.follow_up_remittances", acks_late=True, soft_time_limit=300)
@single_run(name="billing.follow_up_remittances")
def follow_up_remittances() -> int:
    """Remind customers to give a bank account; warn and alarm Finance of remittances due or
    past their due date (A15.6)."""
    return services.remittances_follow_up(now=timezone.now())


@shared_task(
    name="billing.refresh_exchange_rates",
    acks_late=True,
    soft_time_limit=60,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
@single_run(name="billing.refresh_exchange_rates")
def refresh_exchange_rates() -> int:
    """Refresh exchange rates from the configured feed (no-op without one)."""
    return services.exchange_rates_refresh()
