from celery import shared_task
from django.utils import timezone

from notifications import services
from transship.locks import single_run


@shared_task(
    name="notifications.deliver",
    bind=True,
    acks_late=True,
    max_retries=8,
    soft_time_limit=60,
)
def deliver(self, notification_id: int) -> None:
    """Deliver one outbox row; transient failures retry with exponential backoff."""
    try:
        services.notification_deliver(notification_id=notification_id)
    except services.TransientDeliveryError as exc:
        countdown = services.retry_delay_seconds(attempts=self.request.retries + 1)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="notifications.deliver_pending", acks_late=True, soft_time_limit=120)
@single_run(name="notifications.deliver_pending")
def deliver_pending() -> None:
    """Re-enqueue pending rows whose task is overdue; delivery itself is idempotent."""
    for notification_id in services.notifications_due_claim(now=timezone.now()):
        services.deliver_soon(notification_id)
