"""Recording who got personal data: outside recipients (P3, P7) and staff unmasking it (P4(4))."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from privacy.models import Disclosure, PersonalDataAccess


@transaction.atomic
def disclosure_record(
    *,
    user_id: int,
    recipient: str,
    purpose: str,
    data_categories: list[str],
    country: str = "",
) -> None:
    """Record that the user's data went to an outside recipient (carrier, customs broker,
    payment provider). The customer sees it; an erasure sends the recipient a deletion notice."""
    Disclosure.objects.create(
        user_id=user_id,
        recipient=recipient[:120],
        purpose=purpose[:200],
        data_categories=[str(category) for category in data_categories],
        country=(country or "")[:2].upper(),
        disclosed_at=timezone.now(),
    )


@transaction.atomic
def personal_data_access_record(
    *,
    staff: Any,
    subject_user_id: int,
    model_label: str,
    object_id: str,
    fields: list[str],
    reason: str = "",
) -> PersonalDataAccess:
    """Log that a member of staff saw a person's unmasked data; the person sees this log."""
    return PersonalDataAccess.objects.create(
        staff=staff,
        subject_id=subject_user_id,
        model_label=model_label,
        object_id=object_id,
        fields=fields,
        reason=reason,
    )
