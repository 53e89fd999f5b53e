from celery import shared_task
from django.utils import timezone

from accounts import services


@shared_task(name="accounts.sweep_dormant", acks_late=True, soft_time_limit=600)
def sweep_dormant() -> None:
    """Daily: warn dormant members, then reclaim those who stayed idle (A1.6, A8(6))."""
    services.dormant_sweep(now=timezone.now())
