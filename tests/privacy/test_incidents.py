"""Security incidents (P4(2)3-4): recorded, and the affected users told what P4(2)4 lists."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from privacy import services
from privacy.models import SecurityIncident
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


def _incident(actor, users, **overrides):
    fields = {
        "title": "Label printer queue exposed",
        "description": "A misconfigured print server exposed shipping labels for two hours.",
        "possible_impact": "Names and addresses on labels may have been read.",
        "measures_taken": "The server was isolated and its access rules fixed.",
        "advice": "Be wary of messages that quote your address and ask for payment.",
        "remedies": "Free insurance on your next shipment.",
        "occurred_at": timezone.now(),
        "user_ids": [u.pk for u in users],
        **overrides,
    }
    return services.incident_record(actor=actor, **fields)


def test_affected_users_are_told_what_happened_its_impact_the_measures_and_advice(
    customer, other_user, support_agent
):
    incident = _incident(support_agent, [customer])

    count = services.incident_notify_users(incident_id=incident.pk, actor=support_agent)

    assert count == 1
    message = Notification.objects.get(event="privacy.incident")
    assert message.user == customer
    for text in (
        "exposed shipping labels",
        "may have been read",
        "access rules fixed",
        "Be wary",
        "Free insurance",
    ):
        assert text in message.body_text
    assert not Notification.objects.filter(user=other_user, event="privacy.incident").exists()


def test_notifying_twice_sends_once(customer, support_agent):
    incident = _incident(support_agent, [customer])

    services.incident_notify_users(incident_id=incident.pk, actor=support_agent)
    services.incident_notify_users(incident_id=incident.pk, actor=support_agent)

    assert Notification.objects.filter(event="privacy.incident").count() == 1
    incident.refresh_from_db()
    assert incident.notified_by == support_agent


def test_an_incident_without_advice_is_not_sent(customer, support_agent):
    incident = _incident(support_agent, [customer], advice=" ")

    with pytest.raises(DomainError):
        services.incident_notify_users(incident_id=incident.pk, actor=support_agent)

    assert not Notification.objects.filter(event="privacy.incident").exists()
    assert SecurityIncident.objects.get().notified_at is None


def test_an_agent_notifies_from_the_admin(client, customer, support_agent):
    incident = _incident(support_agent, [customer])
    client.force_login(support_agent)

    client.post(
        reverse("admin:privacy_securityincident_changelist"),
        {"action": "notify_users", "_selected_action": [incident.pk]},
    )

    assert Notification.objects.filter(user=customer, event="privacy.incident").count() == 1
