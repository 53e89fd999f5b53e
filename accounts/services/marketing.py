"""Accounts writes."""

from typing import Any

from django.db import transaction

from accounts.models import MarketingConsent, User


@transaction.atomic
def marketing_consent_set(*, user: Any, channel: str, is_granted: bool) -> MarketingConsent:
    """Record the user's marketing choice for one channel (J5, P1.4)."""
    if channel not in MarketingConsent.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    consent, _ = MarketingConsent.objects.update_or_create(
        user=user, channel=channel, defaults={"is_granted": is_granted}
    )
    return consent


@transaction.atomic
def marketing_unsubscribe(*, user_id: int, channel: str) -> User | None:
    """Withdraw the user's marketing consent for one channel (an unsubscribe link); None when
    there is no such user."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    marketing_consent_set(user=user, channel=channel, is_granted=False)
    return user
