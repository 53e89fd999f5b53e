"""Privacy's own personal-data hooks: the user's requests, recorded disclosures and the log of
staff viewing their data."""

from typing import Any

from privacy.models import Disclosure, PersonalDataAccess, PrivacyRequest, SecurityIncident
from privacy.storage import export_files_delete_on_commit
from transship import records


def export(*, user_id: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "privacy_requests": records.rows(
            PrivacyRequest.objects.filter(user_id=user_id),
            exclude=(
                "assigned_to",
                "verified_by",
                "reminder_sent_at",
                "overdue_alarm_sent_at",
                "export_file",
            ),
        ),
        "disclosures": records.rows(Disclosure.objects.filter(user_id=user_id)),
        # who on the staff looked is not the customer's data: when and what is
        "staff_views_of_my_data": records.rows(
            PersonalDataAccess.objects.filter(subject_id=user_id), exclude=("staff",)
        ),
        "security_incidents": records.rows(
            SecurityIncident.objects.filter(affected_users__id=user_id),
            exclude=("recorded_by", "notified_by"),
        ),
    }


def erase(*, user_id: int, pseudonym: str) -> None:
    requests = PrivacyRequest.objects.filter(user_id=user_id)
    export_files_delete_on_commit(requests.values_list("export_file", flat=True))
    requests.update(details="", answer="", export_file="", export_token_digest="")
    PersonalDataAccess.objects.filter(subject_id=user_id).update(reason="")
