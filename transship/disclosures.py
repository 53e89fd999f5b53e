"""Recording that a customer's data went to an outside recipient (carrier, payment provider).

Any app that hands data over calls `disclosure_record`; the privacy app, which keeps the
register the customer sees, installs the recorder at startup (`disclosure_recorder_register`,
from its `AppConfig.ready`). The platform keeps nothing itself."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_recorder: Callable[..., None] | None = None


def disclosure_recorder_register(recorder: Callable[..., None]) -> None:
    """Install the function that writes the disclosure register (called once, at startup)."""
    global _recorder
    _recorder = recorder


def disclosure_record(
    *,
    user_id: int,
    recipient: str,
    purpose: str,
    data_categories: list[str],
    country: str = "",
) -> None:
    """Record that the user's data went to `recipient`; refuses when no register is installed,
    so a disclosure is never lost silently."""
    if _recorder is None:
        raise ImproperlyConfigured("No disclosure register is installed (the privacy app).")
    _recorder(
        user_id=user_id,
        recipient=recipient,
        purpose=purpose,
        data_categories=data_categories,
        country=country,
    )
