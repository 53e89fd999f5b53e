"""Thin Celery tasks: one service call each."""

from celery import shared_task
from django.utils import timezone

from tracking import services
from transship.locks import single_run


@shared_task(name="tracking.poll_carriers", acks_late=True, soft_time_limit=600)
@single_run(name="tracking.poll_carriers")
def poll_carriers() -> None:
    """Ask the carriers for new events of the shipments in transit."""
    services.tracking_poll(now=timezone.now())


@shared_task(name="tracking.detect_stalls", acks_late=True, soft_time_limit=300)
@single_run(name="tracking.detect_stalls")
def detect_stalls() -> None:
    """Flag shipments with no carrier event for longer than their service's gap."""
    services.stalls_detect(now=timezone.now())


@shared_task(name="tracking.remind_claims", acks_late=True, soft_time_limit=300)
@single_run(name="tracking.remind_claims")
def remind_claims() -> None:
    """Remind customers who owe us information, tell support of overdue claims."""
    services.claims_remind(now=timezone.now())
