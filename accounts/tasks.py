from celery import shared_task
from django.utils import timezone

from accounts import services
from transship.locks import single_run


@shared_task(name="accounts.sweep_dormant", acks_late=True, soft_time_limit=600)
@single_run(name="accounts.sweep_dormant")
def sweep_dormant() -> None:
    """Daily: warn dormant members, then reclaim those who stayed idle (A1.6, A8(6))."""
    services.dormant_sweep(now=timezone.now())


@shared_task(name="accounts.remind_stale_passwords", acks_late=True, soft_time_limit=600)
@single_run(name="accounts.remind_stale_passwords")
def remind_stale_passwords() -> None:
    """Daily: email members whose password is older than the configured age (A4.5)."""
    services.password_reminders_send(now=timezone.now())
