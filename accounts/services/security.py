"""Login security: the lockout after repeated wrong passwords (agreement 8.5) and what a login
resets (dormancy warnings)."""

from datetime import timedelta

from constance import config
from django.db import transaction
from django.utils import timezone

from accounts.models import LoginFailure, User
from accounts.services.lifecycle import notify_user


@transaction.atomic
def login_failure_record(*, email: str, ip_address: str | None) -> bool:
    """Count a wrong password for the account with this email; lock its login when the limit is
    reached within the window, and tell the user by email. Returns whether the account is locked.

    Unknown emails record nothing (no account to protect, nothing to reveal). Each failure keeps
    its IP, so a lock caused from many addresses is visible in the admin."""
    user = User.objects.select_for_update().filter(email__iexact=(email or "").strip()).first()
    if user is None:
        return False
    now = timezone.now()
    # int(): constance hands out an awaitable proxy when an event loop runs in this thread
    # (e.g. under Playwright's sync API); int() reads the value synchronously.
    LoginFailure.objects.create(user=user, ip_address=ip_address or None, created_at=now)
    if user.login_locked_at:
        return True
    since = now - timedelta(minutes=int(config.LOCKOUT_WINDOW_MINUTES))
    if user.login_failures_reset_at and user.login_failures_reset_at > since:
        since = user.login_failures_reset_at
    failures = LoginFailure.objects.filter(user=user, created_at__gt=since).count()
    if failures < int(config.LOCKOUT_MAX_FAILURES):
        return False
    user.login_locked_at = now
    user.save(update_fields=["login_locked_at"])
    notify_user(
        user=user,
        event="account.locked",
        context={"failures": failures, "minutes": int(config.LOCKOUT_WINDOW_MINUTES)},
    )
    return True


@transaction.atomic
def login_unlock(*, user_id: int) -> bool:
    """Lift the lockout (after a password reset by email, or by staff); counting starts afresh.
    Returns whether the account was locked."""
    user = User.objects.select_for_update().get(pk=user_id)
    was_locked = user.login_locked_at is not None
    user.login_locked_at = None
    user.login_failures_reset_at = timezone.now()
    user.save(update_fields=["login_locked_at", "login_failures_reset_at"])
    return was_locked


def login_recorded(*, user_id: int) -> None:
    """A login shows the account is used: dormancy warnings start over (agreement 1.6)."""
    User.objects.filter(pk=user_id, dormant_warnings_sent__gt=0).update(
        dormant_warnings_sent=0, dormant_warned_at=None
    )
