"""Periodic work on open privacy requests: the reminder before the deadline and the alarm once
it has passed."""

from datetime import timedelta
from typing import Any

from constance import config
from django.db import transaction

from accounts import roles
from accounts import selectors as accounts_selectors
from notifications.services import notify
from privacy.models import PrivacyRequest
from privacy.services.lifecycle import privacy_request_event_log
from privacy.states import RequestAction

SUPPORT_GROUP = roles.SUPPORT


def _support_agents() -> list[Any]:
    return accounts_selectors.staff_in_role(role=SUPPORT_GROUP)


def privacy_requests_deadline_sweep(*, now: Any) -> dict[str, int]:
    """Remind the assigned agent (or the support group) when a deadline is near, and alarm the
    support group once a request is overdue. Each fires once per request: the timestamp is
    claimed with a conditional UPDATE, so two sweeps racing cannot both send."""
    reminded = alarmed = 0
    soon = now + timedelta(days=config.PRIVACY_REMINDER_DAYS_BEFORE)
    due_soon = PrivacyRequest.objects.open().filter(
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
    overdue = PrivacyRequest.objects.open().filter(
        overdue_alarm_sent_at__isnull=True, due_at__lte=now
    )
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
