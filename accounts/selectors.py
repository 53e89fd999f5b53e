"""Accounts reads other apps may call."""

from typing import Any

from accounts.models import MarketingConsent, User


def user_get(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()


def marketing_consent_is_granted(*, user: Any, channel: str) -> bool:
    return MarketingConsent.objects.filter(user=user, channel=channel, is_granted=True).exists()
