"""Sensitive actions under a security hold (agreement 4.4).

When a member reports that someone else may know their password, the apps above lock what would
move goods or money somewhere new until the member has set a new password or support has restored
the account: adding or changing a recipient, a shipment to a recently added recipient, a new bank
account for remittances. Those services ask `sensitive_hold_since`; the app that keeps the reports
(support) answers through the function it registers here at startup, so no lower app imports it."""

from collections.abc import Callable
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from transship.errors import DomainError

_sources: list[Callable[..., datetime | None]] = []


class SensitiveActionLocked(DomainError):
    default_message = _(
        "You told us someone else may know your password: this is locked until you have set a "
        "new password (check your email for the reset link) or our support has restored your "
        "account."
    )


def hold_source_register(source: Callable[..., datetime | None]) -> None:
    """Add a function `source(*, user_id) -> datetime | None`: when the user's hold began."""
    if source not in _sources:
        _sources.append(source)


def sensitive_hold_since(*, user_id: int) -> datetime | None:
    """The moment from which details the user added are distrusted, or None without a hold."""
    moments = [m for m in (source(user_id=user_id) for source in _sources) if m is not None]
    return min(moments) if moments else None


def sensitive_action_check(*, user_id: int, changed_at: datetime | None = None) -> None:
    """Refuse during a hold; with `changed_at` (when the address or account used was added or
    last changed), refuse only when that detail is newer than the hold's start."""
    since = sensitive_hold_since(user_id=user_id)
    if since is None:
        return
    if changed_at is None or changed_at >= since:
        raise SensitiveActionLocked()
