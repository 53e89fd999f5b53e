from celery import shared_task

from notifications import services


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
        raise self.retry(exc=exc, countdown=min(3600, 30 * 2**self.request.retries)) from exc


@shared_task(name="notifications.deliver_pending", acks_late=True, soft_time_limit=120)
def deliver_pending() -> None:
    """Re-enqueue pending rows whose task was lost; delivery itself is idempotent."""
    for notification_id in services.notifications_pending_ids():
        deliver.delay(notification_id)
