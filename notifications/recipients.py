"""What notifications needs to know about a recipient, without knowing accounts.

The app that owns users (accounts) installs a `RecipientProvider` at startup
(`recipient_provider_register`, from its `AppConfig.ready`); notifications asks it for the
language and address of a message and for the user's marketing consent."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RecipientProvider:
    """`language(user)`: the user's language code, "" when unset. `address(user, channel)`: the
    email address or phone number for the channel. `marketing_consent_is_granted(user=, channel=)`
    and `marketing_unsubscribe(user_id=, channel=)`, which withdraws the consent and returns the
    user (None for an unknown user)."""

    language: Callable[[Any], str]
    address: Callable[[Any, str], str]
    marketing_consent_is_granted: Callable[..., bool]
    marketing_unsubscribe: Callable[..., Any]


_provider: RecipientProvider | None = None


def recipient_provider_register(provider: RecipientProvider) -> None:
    """Install the recipient provider (called once, at startup)."""
    global _provider
    _provider = provider


def recipient_provider() -> RecipientProvider:
    if _provider is None:
        raise ImproperlyConfigured("No recipient provider is installed (the accounts app).")
    return _provider
