"""Accounts reads other apps may call."""

import datetime
from typing import Any

from constance import config
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import member_codes
from accounts.closure import closure_contributions
from accounts.identity import identity_digest
from accounts.models import (
    Address,
    BlockedIdentity,
    LegalAcceptance,
    LegalDocument,
    MarketingConsent,
    User,
)
from accounts.states import AccountStatus
from notifications.models import Notification

# The warehouse the customers' shops ship to. The member code is the "room" line: without it a
# parcel is unidentified (RULES: warehouse parcels).
WAREHOUSE_JA = (
    "〒273-0012",
    "千葉県船橋市浜町2-1-1",
    "トランシップ倉庫 {code}",
    "電話 047-000-0000",
)
WAREHOUSE_ROMANISED = (
    "Transship Warehouse {code}",
    "2-1-1 Hamacho",
    "Funabashi-shi, Chiba 273-0012",
    "Japan",
    "Tel. +81 47-000-0000",
)


def staff_in_role(*, role: str) -> list[User]:
    """Active staff of a role group (accounts.roles), e.g. to alert Finance or Support."""
    return list(User.objects.filter(groups__name=role, is_active=True, is_staff=True).distinct())


def user_by_email(*, email: str) -> User | None:
    """The user with this email address, whatever its case."""
    return User.objects.filter(email__iexact=email.strip()).first()


def user_get(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()


def notification_address(user: Any, channel: str) -> str:
    """Where a message on `channel` goes: the phone number for SMS, else the email address."""
    return user.phone if channel == Notification.Channel.SMS else user.email


def marketing_consent_is_granted(*, user: Any, channel: str) -> bool:
    return MarketingConsent.objects.filter(user=user, channel=channel, is_granted=True).exists()


def member_code_is_valid(*, code: str) -> bool:
    """True when `code` is well formed and its check character matches (typos are caught)."""
    return member_codes.is_well_formed(member_codes.normalise(code))


def user_by_member_code(*, code: str) -> User | None:
    """The member with this code (any case, spaces or hyphens); None for an invalid or unknown
    code."""
    normalised = member_codes.normalise(code)
    if not member_codes.is_well_formed(normalised):
        return None
    return User.objects.filter(member_code=normalised).first()


def user_is_member(*, user_id: int) -> bool:
    """An active member (not applied, suspended, disqualified or gone) may use the service."""
    return User.objects.filter(pk=user_id, status=AccountStatus.ACTIVE).exists()


def user_is_frozen(*, user_id: int) -> bool:
    """Disqualified members' balance and stored goods are frozen (agreement 8(2))."""
    return User.objects.filter(pk=user_id, status=AccountStatus.DISQUALIFIED).exists()


def warehouse_address(*, user: Any) -> dict[str, list[str]]:
    """The address to paste into Japanese shops, in Japanese and romanised, with the member
    code. Empty lists until the application is approved (no code, nothing to ship to)."""
    if not getattr(user, "member_code", None):
        return {"ja": [], "romanised": []}
    code = member_codes.display(user.member_code)
    return {
        "ja": [line.format(code=code) for line in WAREHOUSE_JA],
        "romanised": [line.format(code=code) for line in WAREHOUSE_ROMANISED],
    }


def user_is_minor(*, user: Any, today: datetime.date | None = None) -> bool:
    """Younger than the age of consent (agreement 3.3(1)); unknown birthday counts as adult."""
    if not user.birth_date:
        return False
    today = today or timezone.localdate()
    born = user.birth_date
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return age < int(config.ADULT_AGE_YEARS)


def email_is_verified(*, user: Any) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def identity_is_blocked(*, user: Any) -> bool:
    """The email or phone belonged to a disqualified member (agreement 3.3(2))."""
    digests = [identity_digest(user.email)]
    if user.phone_digest:
        digests.append(user.phone_digest)
    return BlockedIdentity.objects.filter(digest__in=digests).exclude(user=user).exists()


def legal_documents_current() -> list[LegalDocument]:
    """The latest version of each legal document that has been published."""
    latest: dict[str, LegalDocument] = {}
    for doc in LegalDocument.objects.order_by("kind", "-version").defer(
        "body_en", "body_zh_hans", "body_ja"
    ):
        latest.setdefault(doc.kind, doc)
    return list(latest.values())


def legal_documents_pending(*, user: Any) -> list[LegalDocument]:
    """Current documents the user has not accepted yet (asked at next login, A2)."""
    current = legal_documents_current()
    accepted = set(
        LegalAcceptance.objects.filter(
            user=user, document_id__in=[doc.pk for doc in current]
        ).values_list("document_id", flat=True)
    )
    return [doc for doc in current if doc.pk not in accepted]


def guardian_consent_state(*, user: Any) -> str:
    """Where a minor's guardian consent stands, in words for support."""
    if user.guardian_consent_at:
        return _("Confirmed by the guardian (%(relationship)s) on %(at)s") % {
            "at": timezone.localtime(user.guardian_consent_at).strftime("%Y-%m-%d %H:%M"),
            "relationship": user.get_guardian_relationship_display() or "—",
        }
    if user.guardian_consent_requested_at:
        return _("Asked by email on %(at)s; waiting for the guardian to confirm") % {
            "at": timezone.localtime(user.guardian_consent_requested_at).strftime("%Y-%m-%d %H:%M"),
        }
    if user_is_minor(user=user):
        return _("Not asked yet")
    return _("Not needed")


def application_problems(*, user: Any) -> list[str]:
    """What keeps an application from automatic approval, in words for staff and applicant."""
    problems = []
    if not email_is_verified(user=user):
        problems.append(_("The email address is not verified yet."))
    if user_is_minor(user=user) and not user.guardian_consent_at:
        if user.guardian_consent_requested_at:
            problems.append(
                _("The applicant is under age: we wait for the guardian to confirm the consent.")
            )
        else:
            problems.append(_("The applicant is under age: a guardian's consent is needed."))
    if not (user.full_name or "").strip():
        problems.append(_("The real name is missing."))
    if legal_documents_pending(user=user):
        problems.append(_("The current terms of use or privacy policy are not accepted."))
    if identity_is_blocked(user=user):
        problems.append(_("The email or phone belonged to a disqualified member."))
    return problems


def password_is_stale(*, user: Any, now: datetime.datetime | None = None) -> bool:
    """The password is older than the configured age: remind to change it (agreement 4.5)."""
    changed = user.password_changed_at or user.date_joined
    now = now or timezone.now()
    return changed < now - datetime.timedelta(days=int(config.PASSWORD_MAX_AGE_DAYS))


def withdrawal_blockers(*, user_id: int) -> list[str]:
    """Why the account cannot be closed now (agreement 7), as the apps that hold something for
    the member answer (accounts/closure.py): goods we store, unpaid invoices, money on the
    balance. Empty when nothing blocks."""
    return [
        reason
        for blockers in closure_contributions("blockers")
        for reason in blockers(user_id=user_id)
    ]


def user_ids_closure_blocked() -> list[QuerySet]:
    """For set-based sweeps: one values_list per app of the users whose closure it blocks."""
    return [blocked() for blocked in closure_contributions("blocked_user_ids")]


def addresses_of(*, user: Any) -> list[Address]:
    """The user's recipients, default first."""
    return list(Address.objects.filter(user=user))


def address_get(*, user: Any, address_id: int) -> Address:
    """One of the user's recipients; another user's id raises Address.DoesNotExist (→ 404)."""
    return Address.objects.get(user=user, pk=address_id)
