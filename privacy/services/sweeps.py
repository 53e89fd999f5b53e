"""Periodic work on open privacy requests: the reminder before the deadline and the alarm once
it has passed; the erasure of requests awaiting settlement once nothing blocks them."""

from datetime import timedelta
from typing import Any

from constance import config
from django.db import transaction

from accounts import roles
from accounts import selectors as accounts_selectors
from notifications.services import notify
from privacy.models import PrivacyRequest
from privacy.services.lifecycle import privacy_request_event_log
from privacy.services.processing import privacy_request_settlement_check
from privacy.states import RequestAction, RequestStatus

SUPPORT_GROUP = roles.SUPPORT


def _support_agents() -> list[Any]:
    return accounts_selectors.staff_in_role(role=SUPPORT_GROUP)


def privacy_requests_deadline_sweep(*, now: Any) -> dict[str, int]:
    """Remind the assigned agent (or the support group) when a deadline is near, and alarm the
    support group once a request is overdue. Each fires once per request: the timestamp is
    claimed with a conditional UPDATE, so two sweeps racing cannot both send."""
    reminded = alarmed = 0
    soon = now + timedelta(days=config.PRIVACY_REMINDER_DAYS_BEFORE)
    # A request awaiting settlement waits for the customer, not for an agent: no reminder.
    waiting_for_agent = PrivacyRequest.objects.open().exclude(status=RequestStatus.SETTLING)
    due_soon = waiting_for_agent.filter(
        reminder_sent_at__isnull=True, due_at__lte=soon, due_at__gt=now
    )
    for request_id in list(due_soon.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            claimed = PrivacyRequest.objects.filter(
                pk=request_id, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            request = PrivacyRequest.objects.select_related("assigned_to").get(pk=request_id)
            agents = [request.assigned_to] if request.assigned_to else _support_agents()
            for agent in agents:
                notify(
                    user=agent,
                    event="privacy.request_due_soon",
                    context={"request_id": request.pk, "due_at": request.due_at.isoformat()},
                )
            privacy_request_event_log(request, action=RequestAction.REMINDER_SENT, actor=None)
            reminded += 1
    overdue = waiting_for_agent.filter(overdue_alarm_sent_at__isnull=True, due_at__lte=now)
    for request_id in list(overdue.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            claimed = PrivacyRequest.objects.filter(
                pk=request_id, overdue_alarm_sent_at__isnull=True
            ).update(overdue_alarm_sent_at=now)
            if not claimed:
                continue
            request = PrivacyRequest.objects.get(pk=request_id)
            for agent in _support_agents():
                notify(
                    user=agent,
                    event="privacy.request_overdue",
                    context={"request_id": request.pk, "due_at": request.due_at.isoformat()},
                )
            privacy_request_event_log(request, action=RequestAction.OVERDUE_ALARM, actor=None)
            alarmed += 1
    return {"reminded": reminded, "alarmed": alarmed}


def privacy_requests_settlement_sweep(*, batch_size: int = 500) -> dict[str, int]:
    """Carry out every deletion or cancellation awaiting settlement whose blockers have
    cleared (each re-checked under its row lock); the others keep waiting."""
    settled = 0
    waiting = PrivacyRequest.objects.filter(status=RequestStatus.SETTLING).order_by("pk")
    for request_id in list(waiting.values_list("pk", flat=True)[:batch_size]):
        request = privacy_request_settlement_check(request_id=request_id)
        if request is not None and request.status == RequestStatus.COMPLETED:
            settled += 1
    return {"settled": settled}
