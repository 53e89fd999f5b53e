"""Security incidents (P4(2)3-4): recorded, and the affected users told by email what happened,
its possible impact, what we did, what they can do and what remedies we offer."""

from datetime import datetime
from typing import Any

from constance import config
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from privacy.models import SecurityIncident
from transship.errors import DomainError


@transaction.atomic
def incident_record(
    *,
    actor: Any,
    title: str,
    description: str,
    possible_impact: str,
    measures_taken: str,
    advice: str,
    occurred_at: datetime,
    user_ids: list[int],
    remedies: str = "",
) -> SecurityIncident:
    """Record an incident and the users whose data it touched."""
    incident = SecurityIncident.objects.create(
        title=title,
        description=description,
        possible_impact=possible_impact,
        measures_taken=measures_taken,
        advice=advice,
        remedies=remedies,
        occurred_at=occurred_at,
        recorded_by=actor,
    )
    incident.affected_users.set(user_ids)
    return incident


@transaction.atomic
def incident_notify_users(*, incident_id: int, actor: Any) -> int:
    """Email every affected user the content P4(2)4 lists, through the notifications spine.
    Runs once per incident: a second call notifies nobody."""
    incident = SecurityIncident.objects.select_for_update().get(pk=incident_id)
    if incident.notified_at is not None:
        return 0
    missing = [
        name
        for name in ("description", "possible_impact", "measures_taken", "advice")
        if not getattr(incident, name).strip()
    ]
    if missing:
        raise DomainError(
            _("Fill in what happened, its impact, the measures and the advice before notifying.")
        )
    context = {
        "incident_id": incident.pk,
        "title": incident.title,
        "description": incident.description,
        "possible_impact": incident.possible_impact,
        "measures_taken": incident.measures_taken,
        "advice": incident.advice,
        "remedies": incident.remedies,
        "occurred_at": incident.occurred_at.isoformat(),
        "contact": config.PRIVACY_CONTACT_EMAIL,
    }
    count = 0
    for user in incident.affected_users.filter(is_active=True).iterator():
        notify(user=user, event="privacy.incident", context=context)
        count += 1
    incident.notified_at = timezone.now()
    incident.notified_by = actor
    incident.save(update_fields=["notified_at", "notified_by"])
    return count
