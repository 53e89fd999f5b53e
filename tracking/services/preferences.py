"""The customer's choice of tracking milestones to be told about."""

from typing import Any

from django.db import transaction

from tracking.models import TrackingPreference
from tracking.states import MILESTONES


@transaction.atomic
def tracking_preference_set(*, user: Any, milestones: list[str]) -> TrackingPreference:
    """Keep exactly `milestones` switched on (unknown names are ignored)."""
    preference, _created = TrackingPreference.objects.get_or_create(user=user)
    for status in MILESTONES:
        setattr(preference, status, status in milestones)
    preference.save()
    return preference
