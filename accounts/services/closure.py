"""Closing accounts: the one closure service, and the paths that use it.

Four paths close an account, all through `account_close` and its one blockers check: the
member's withdrawal (agreement 7), a privacy cancellation request (P5(4)), the reclaim of a
dormant account (1.6, 8(6)) and the record of a member's death (7.2). Never while we hold the
member's goods or money, or they owe us: the apps that hold them say so through the registry of
accounts/closure.py, so accounts needs to know none of them."""

from datetime import datetime, timedelta

from constance import config
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.closure import closure_contributions
from accounts.models import User
from accounts.services.lifecycle import _require_reason, account_transition, notify_user
from accounts.states import AccountStatus
from transship.errors import DomainError

DORMANT_WARNINGS = 2
DORMANT_WARNING_GAP_DAYS = 30
CLOSED = (AccountStatus.WITHDRAWN, AccountStatus.DECEASED)


class AccountClosureBlocked(DomainError):
    """Something the member has with us blocks the closure; `blockers` lists why."""

    def __init__(self, blockers: list[str]) -> None:
        super().__init__(" ".join(str(blocker) for blocker in blockers))
        self.blockers = blockers


def personal_data_erase(*, user_id: int, actor: User | None, reason: str) -> None:
    """Have a closed account's personal data erased at once (P5(4), P4(1)) by the app that
    registered the erasure (privacy keeps what the law requires pseudonymised)."""
    erasers = closure_contributions("personal_data_erase")
    if not erasers:
        raise ImproperlyConfigured("No app erases personal data on closure (the privacy app).")
    for erase in erasers:
        erase(user_id=user_id, actor=actor, reason=reason)


@transaction.atomic
def account_close(
    *,
    user_id: int,
    actor: User | None,
    reason: str,
    to: str = AccountStatus.WITHDRAWN,
) -> User:
    """Close the account (`to`: withdrawn, or deceased) under its row lock, and erase its
    personal data at once: the one rule of every closure (docs/accounts.md).

    Refused with `AccountClosureBlocked` while anything blocks it (goods in our custody, an open
    shipment, an unpaid invoice, money we owe the member), whatever the path: the member's
    withdrawal, a privacy cancellation request, a dormant reclaim, the record of a death.
    Closing a closed account changes nothing but makes sure its data is erased."""
    user = User.objects.select_for_update().get(pk=user_id)
    blockers = selectors.withdrawal_blockers(user_id=user_id)
    if blockers:
        raise AccountClosureBlocked(blockers)
    if user.status not in CLOSED:
        user = account_transition(user_id=user_id, to=to, actor=actor, reason=reason)
    personal_data_erase(user_id=user_id, actor=actor, reason=reason)
    return user


def account_withdraw(*, user_id: int, actor: User | None, reason: str) -> User:
    """The member closes the account for good; the personal data is erased at once. Refused
    while something blocks it: goods in the warehouse, unpaid invoices, a balance."""
    return account_close(user_id=user_id, actor=actor, reason=reason)


def account_mark_deceased(*, user_id: int, actor: User | None, reason: str) -> User:
    """Record the member's death (agreement 7.2); handled as a withdrawal, without an email.
    Refused, like every closure, while goods, shipments, invoices or money are unsettled: staff
    settle them with the heirs first."""
    _require_reason(reason)
    return account_close(user_id=user_id, actor=actor, reason=reason, to=AccountStatus.DECEASED)


def _dormant_candidates(*, cutoff: datetime) -> QuerySet[User]:
    candidates = User.objects.filter(
        status__in=[AccountStatus.ACTIVE, AccountStatus.SUSPENDED],
        is_staff=False,
    ).filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    for blocked in selectors.user_ids_closure_blocked():
        candidates = candidates.exclude(pk__in=blocked)
    return candidates


def dormant_sweep(*, now: datetime | None = None, batch_size: int = 500) -> dict:
    """Warn members idle for the configured months, twice, a month apart; then withdraw those
    still idle. Set-based; safe to run twice a day (a warning is at most once per gap)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=30 * int(config.DORMANT_AFTER_MONTHS))
    gap = now - timedelta(days=DORMANT_WARNING_GAP_DAYS)
    candidates = _dormant_candidates(cutoff=cutoff)
    warned = reclaimed = 0

    to_warn = candidates.filter(dormant_warnings_sent__lt=DORMANT_WARNINGS).filter(
        Q(dormant_warned_at__isnull=True) | Q(dormant_warned_at__lt=gap)
    )
    for user_id in list(to_warn.values_list("pk", flat=True)[:batch_size]):
        warned += dormant_warn(user_id=user_id, now=now)

    to_reclaim = candidates.filter(
        dormant_warnings_sent__gte=DORMANT_WARNINGS, dormant_warned_at__lt=gap
    )
    for user_id in list(to_reclaim.values_list("pk", flat=True)[:batch_size]):
        reclaimed += dormant_reclaim(user_id=user_id)
    return {"warned": warned, "reclaimed": reclaimed}


@transaction.atomic
def dormant_warn(*, user_id: int, now: datetime) -> int:
    """Send the next dormancy warning; the update is conditional so a rerun sends nothing."""
    gap = now - timedelta(days=DORMANT_WARNING_GAP_DAYS)
    user = (
        User.objects.select_for_update()
        .filter(pk=user_id, dormant_warnings_sent__lt=DORMANT_WARNINGS)
        .filter(Q(dormant_warned_at__isnull=True) | Q(dormant_warned_at__lt=gap))
        .first()
    )
    if user is None:
        return 0
    user.dormant_warnings_sent += 1
    user.dormant_warned_at = now
    user.save(update_fields=["dormant_warnings_sent", "dormant_warned_at"])
    notify_user(
        user=user,
        event="account.dormant_warning",
        context={
            "warning": user.dormant_warnings_sent,
            "final": user.dormant_warnings_sent >= DORMANT_WARNINGS,
            "days": DORMANT_WARNING_GAP_DAYS,
        },
    )
    return 1


@transaction.atomic
def dormant_reclaim(*, user_id: int) -> int:
    """Withdraw a dormant account that was warned and stayed idle; the closure re-checks every
    blocker under the row lock (goods may have arrived since the sweep's query)."""
    user = User.objects.select_for_update().get(pk=user_id)
    if user.status not in (AccountStatus.ACTIVE, AccountStatus.SUSPENDED):
        return 0
    if user.dormant_warnings_sent < DORMANT_WARNINGS:
        return 0
    try:
        account_close(
            user_id=user_id,
            actor=None,
            reason=_("Dormant account reclaimed (articles 1.6, 8(6))"),
        )
    except AccountClosureBlocked:
        return 0
    return 1
