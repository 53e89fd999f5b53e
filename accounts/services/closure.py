"""Closing accounts: withdrawal on request (agreement 7, P5(4)) and the reclaim of dormant
accounts (1.6, 8(6)). Never while we hold the member's goods or money, or they owe us."""

from datetime import datetime, timedelta

from constance import config
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.models import User
from accounts.services.lifecycle import account_transition, notify_user
from accounts.states import AccountStatus
from transship.errors import DomainError

DORMANT_WARNINGS = 2
DORMANT_WARNING_GAP_DAYS = 30


def personal_data_erase(*, user_id: int, actor: User | None, reason: str) -> None:
    """Hand a closed account's personal data to the privacy app's erasure (P5(4), P4(1)).

    The one place accounts calls privacy; `privacy.services.user_erase` keeps what the law
    requires (invoices, ledger) pseudonymised."""
    from privacy.services import user_erase

    user_erase(user_id=user_id, actor=actor, reason=reason)


@transaction.atomic
def account_withdraw(*, user_id: int, actor: User | None, reason: str) -> User:
    """Close the account for good and erase its personal data. Refused while something blocks
    it: goods in the warehouse, unpaid invoices, a balance (see selectors.withdrawal_blockers)."""
    User.objects.select_for_update().get(pk=user_id)
    blockers = selectors.withdrawal_blockers(user_id=user_id)
    if blockers:
        raise DomainError(" ".join(str(blocker) for blocker in blockers))
    user = account_transition(
        user_id=user_id, to=AccountStatus.WITHDRAWN, actor=actor, reason=reason
    )
    personal_data_erase(user_id=user_id, actor=actor, reason=reason)
    return user


def _dormant_candidates(*, cutoff: datetime) -> QuerySet[User]:
    from billing.selectors import user_ids_with_money_or_debt
    from parcels.selectors import user_ids_holding_goods

    return (
        User.objects.filter(
            status__in=[AccountStatus.ACTIVE, AccountStatus.SUSPENDED],
            is_staff=False,
        )
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(pk__in=user_ids_holding_goods())
        .exclude(pk__in=user_ids_with_money_or_debt())
    )


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
    """Withdraw a dormant account that was warned and stayed idle, re-checking every blocker
    under the row lock (goods may have arrived since the sweep's query)."""
    user = User.objects.select_for_update().get(pk=user_id)
    if user.status not in (AccountStatus.ACTIVE, AccountStatus.SUSPENDED):
        return 0
    if user.dormant_warnings_sent < DORMANT_WARNINGS or selectors.withdrawal_blockers(
        user_id=user_id
    ):
        return 0
    account_withdraw(
        user_id=user_id, actor=None, reason=_("Dormant account reclaimed (articles 1.6, 8(6))")
    )
    return 1
