"""Thin Celery tasks: ids in, one service call."""

from celery import shared_task
from django.utils import timezone

from parcels import services
from transship.locks import single_run


@shared_task(name="parcels.sweep_storage", acks_late=True, soft_time_limit=300)
@single_run(name="parcels.sweep_storage")
def sweep_storage() -> None:
    """Storage clock: reminders and the move to disposal (A15.2-15.4)."""
    services.storage_sweep(now=timezone.now())


@shared_task(name="parcels.deliver_storage_reminders", acks_late=True, soft_time_limit=300)
@single_run(name="parcels.deliver_storage_reminders")
def deliver_storage_reminders() -> None:
    """Send the storage reminders and disposal notices the sweep recorded."""
    services.storage_reminders_deliver()
