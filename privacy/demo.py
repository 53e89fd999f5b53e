"""Privacy demo data: requests in the queue (one near its deadline, one overdue), a completed
correction, recorded disclosures, a logged staff view and an incident. Idempotent."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from privacy import services
from privacy.models import Disclosure, PersonalDataAccess, PrivacyRequest, SecurityIncident
from privacy.states import RequestKind

INCIDENT_TITLE = "Demo: label printer queue exposed"


def seed(*, users: dict[str, Any], password: str, logins: list) -> None:
    customer, support = users.get("customer"), users.get("support")
    if customer is None or support is None:
        return
    if not PrivacyRequest.objects.filter(user=customer).exists():
        access = services.privacy_request_create(user=customer, kind=RequestKind.ACCESS)
        PrivacyRequest.objects.filter(pk=access.pk).update(
            due_at=timezone.now() + timedelta(days=2)
        )
        correction = services.privacy_request_create(
            user=customer, kind=RequestKind.CORRECTION, details="My name is spelled Wang Xiaoming."
        )
        services.privacy_request_verify(
            request_id=correction.pk, actor=support, method="session_email"
        )
        services.privacy_request_process(
            request_id=correction.pk, actor=support, answer="Your name is corrected."
        )
        deletion = services.privacy_request_create(
            user=customer, kind=RequestKind.DELETION, deletion_ground="no_consent"
        )
        PrivacyRequest.objects.filter(pk=deletion.pk).update(
            due_at=timezone.now() - timedelta(days=1)
        )
    if not Disclosure.objects.filter(user=customer).exists():
        services.disclosure_record(
            user_id=customer.pk,
            recipient="Japan Post (EMS)",
            purpose="International shipment and export customs declaration",
            data_categories=["name", "address", "phone", "contents"],
            country="CN",
        )
        services.disclosure_record(
            user_id=customer.pk,
            recipient="Stripe",
            purpose="Card payment of an invoice",
            data_categories=["email", "invoice number", "amount"],
            country="US",
        )
    if not PersonalDataAccess.objects.filter(subject=customer).exists():
        services.personal_data_access_record(
            staff=support,
            subject_user_id=customer.pk,
            model_label="accounts.Address",
            object_id="demo",
            fields=["name", "line1", "phone"],
            reason="demo",
        )
    if not SecurityIncident.objects.filter(title=INCIDENT_TITLE).exists():
        services.incident_record(
            actor=support,
            title=INCIDENT_TITLE,
            description="A print server exposed shipping labels for two hours.",
            possible_impact="Names and addresses on labels may have been read.",
            measures_taken="The server was isolated and its access rules fixed.",
            advice="Be wary of messages quoting your address and asking for payment.",
            occurred_at=timezone.now() - timedelta(days=1),
            user_ids=[customer.pk],
        )
