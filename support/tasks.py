"""Thin Celery tasks of the support desk: ids in, one service call."""

from celery import shared_task
from django.utils import timezone

from support import services


@shared_task(name="support.deadline_sweep", acks_late=True, soft_time_limit=300)
def deadline_sweep() -> None:
    """Alarm support about conversations past their first-answer or resolution target."""
    services.conversations_deadline_sweep(now=timezone.now())


@shared_task(name="support.notice_email", acks_late=True, soft_time_limit=1800)
def notice_email(notice_id: int) -> None:
    """Email a published service notice to the customers it affects, once."""
    services.notice_email_send(notice_id=notice_id)
