"""Login security: the lockout after repeated wrong passwords (agreement 8.5), the reminder to
change an old password (4.5) and what a login resets (dormancy warnings)."""

from datetime import datetime, timedelta

from constance import config
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LoginFailure, User
from accounts.services.lifecycle import notify_user
from accounts.states import AccountStatus
from transship.errors import DomainError


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


def _password_reminder_due(*, cutoff: datetime) -> QuerySet[User]:
    """Members who may log in with a password older than `cutoff` and were not reminded of this
    password yet (a reminder older than the last change belongs to a previous password)."""
    return (
        User.objects.filter(status__in=[AccountStatus.ACTIVE, AccountStatus.SUSPENDED])
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .alias(changed=Coalesce("password_changed_at", "date_joined"))
        .filter(changed__lt=cutoff)
        .filter(Q(password_reminded_at__isnull=True) | Q(password_reminded_at__lt=F("changed")))
    )


def password_reminders_send(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Email every member whose password is older than PASSWORD_MAX_AGE_DAYS (agreement 4.5),
    once per password. Set-based: each batch is claimed by one UPDATE under row locks that
    other runs skip, so two overlapping runs never remind the same member twice. Returns how
    many members were reminded."""
    now = now or timezone.now()
    max_age_days = int(config.PASSWORD_MAX_AGE_DAYS)
    due = _password_reminder_due(cutoff=now - timedelta(days=max_age_days))
    reminded = 0
    while True:
        with transaction.atomic():
            ids = list(
                due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                return reminded
            User.objects.filter(pk__in=ids).update(password_reminded_at=now)
            for user in User.objects.filter(pk__in=ids):
                notify_user(
                    user=user, event="account.password_reminder", context={"days": max_age_days}
                )
        reminded += len(ids)
        if len(ids) < batch_size:
            return reminded


def password_reset_email_send(*, user_id: int, request: HttpRequest) -> None:
    """Send allauth's password-reset email to the member's own address: the one way staff help
    with a forgotten password (nobody but a superuser ever sets another person's password)."""
    from allauth.account.forms import ResetPasswordForm

    user = User.objects.get(pk=user_id)
    form = ResetPasswordForm(data={"email": user.email})
    if not form.is_valid() or not form.users:
        raise DomainError(_("This account has no active email to send a reset link to."))
    form.save(request)
