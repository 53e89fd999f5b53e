"""Thin Celery tasks of privacy: ids in, one service call."""

from celery import shared_task
from django.utils import timezone

from privacy import services
from transship.locks import single_run


@shared_task(name="privacy.build_export", acks_late=True, soft_time_limit=600)
def build_export(request_id: int) -> None:
    """Build the personal-data ZIP of an access request and send the download link."""
    services.privacy_request_export_build(request_id=request_id)


@shared_task(name="privacy.send_deletion_notice", acks_late=True, max_retries=5)
def send_deletion_notice(notice_id: int) -> None:
    """Email one deletion notice to an outside recipient."""
    services.deletion_notice_send(notice_id=notice_id)


@shared_task(name="privacy.deadline_sweep", acks_late=True, soft_time_limit=300)
@single_run(name="privacy.deadline_sweep")
def deadline_sweep() -> None:
    """Remind agents of near deadlines and alarm the support group about overdue requests."""
    services.privacy_requests_deadline_sweep(now=timezone.now())


@shared_task(name="privacy.settlement_sweep", acks_late=True, soft_time_limit=300)
@single_run(name="privacy.settlement_sweep")
def settlement_sweep() -> None:
    """Erase for the deletion and cancellation requests whose blockers have cleared."""
    services.privacy_requests_settlement_sweep()


@shared_task(name="privacy.retention_sweep", acks_late=True, soft_time_limit=1800)
@single_run(name="privacy.retention_sweep")
def retention_sweep() -> None:
    """Anonymize closed accounts after the retention period; purge old financial records."""
    services.retention_sweep(now=timezone.now())


@shared_task(name="privacy.purge_expired_exports", acks_late=True, soft_time_limit=600)
@single_run(name="privacy.purge_expired_exports")
def purge_expired_exports() -> None:
    """Delete export ZIPs whose download link expired unused."""
    services.privacy_exports_purge(now=timezone.now())
