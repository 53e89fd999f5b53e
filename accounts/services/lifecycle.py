"""The account state machine: one transition function, and the named services built on it."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import member_codes
from accounts.identity import identity_digest
from accounts.models import BlockedIdentity, MemberCode, User
from accounts.states import CAN_LOG_IN, AccountStatus
from notifications.services import notify
from transship.errors import DomainError, IllegalTransition
from transship.transitions import lock, transition

# The email a user receives for a change, by (from, to); None: no message.
EVENTS: dict[tuple[str, str], str] = {
    (AccountStatus.APPLIED, AccountStatus.ACTIVE): "account.approved",
    (AccountStatus.APPLIED, AccountStatus.REJECTED): "account.rejected",
    (AccountStatus.SUSPENDED, AccountStatus.ACTIVE): "account.reinstated",
}
EVENTS_BY_TARGET: dict[str, str] = {
    AccountStatus.SUSPENDED: "account.suspended",
    AccountStatus.DISQUALIFIED: "account.disqualified",
    AccountStatus.WITHDRAWN: "account.withdrawn",
}


def notify_user(*, user: User, event: str, context: dict[str, Any] | None = None) -> None:
    """Every accounts message goes through the notifications spine, in the user's language."""
    notify(user=user, event=event, context=context or {})


def member_code_issue(*, user: User) -> str:
    """A fresh member code, registered forever so that it is never issued again."""
    for _attempt in range(20):
        code = member_codes.generate()
        try:
            with transaction.atomic():
                MemberCode.objects.create(code=code, user=user)
        except IntegrityError:
            continue
        return code
    raise RuntimeError("could not find a free member code")  # 887 million codes: never happens


@transaction.atomic
def account_transition(*, user_id: int, to: str, actor: User | None, reason: str) -> User:
    """Move an account to `to`, recording who and why; re-applying the current status is a no-op.

    Keeps `is_active` (may log in) in step with the status and issues the member code on the
    first activation. The user is told by email through the notifications spine."""
    user = lock(User, pk=user_id)
    if user.status == to:
        return user
    User.state_machine.check(user, to)
    previous = user.status
    user.is_active = to in CAN_LOG_IN
    fields = ["is_active"]
    if to == AccountStatus.ACTIVE and not user.member_code:
        user.member_code = member_code_issue(user=user)
        user.approved_at = timezone.now()
        fields += ["member_code", "approved_at"]
    transition(user, to=to, actor=actor, reason=reason or "", fields=fields)
    event = EVENTS.get((previous, to)) or EVENTS_BY_TARGET.get(to)
    if event:
        notify_user(
            user=user,
            event=event,
            context={"reason": str(reason or ""), "member_code": user.member_code or ""},
        )
    return user


def _require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise DomainError(_("Please give a reason."), field="reason")


def account_suspend(*, user_id: int, actor: User | None, reason: str) -> User:
    """Suspend use of the service (agreement 8), e.g. for an overdue invoice (8(3))."""
    _require_reason(reason)
    return account_transition(
        user_id=user_id, to=AccountStatus.SUSPENDED, actor=actor, reason=reason
    )


def account_reinstate(*, user_id: int, actor: User | None, reason: str) -> User:
    """Lift a suspension."""
    _require_reason(reason)
    user = User.objects.get(pk=user_id)
    if user.status != AccountStatus.SUSPENDED:
        raise IllegalTransition(user, AccountStatus.ACTIVE)
    return account_transition(user_id=user_id, to=AccountStatus.ACTIVE, actor=actor, reason=reason)


@transaction.atomic
def account_disqualify(*, user_id: int, actor: User | None, reason: str) -> User:
    """Disqualify for good (agreement 8): balance and stored goods are frozen (8(2)), and the same
    email or phone cannot be approved automatically again (3.3(2))."""
    _require_reason(reason)
    user = account_transition(
        user_id=user_id, to=AccountStatus.DISQUALIFIED, actor=actor, reason=reason
    )
    for kind, value in (
        (BlockedIdentity.Kind.EMAIL, user.email),
        (BlockedIdentity.Kind.PHONE, user.phone),
    ):
        if value:
            BlockedIdentity.objects.get_or_create(
                kind=kind, digest=identity_digest(value), defaults={"user": user}
            )
    return user
