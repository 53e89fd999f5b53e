"""Registration is an application (agreement 3): details and consents in, then approval by rules
or by staff, or rejection on a ground of article 3.3."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.identity import identity_digest
from accounts.models import User
from accounts.services.legal import legal_documents_accept
from accounts.services.lifecycle import account_transition
from accounts.services.marketing import marketing_consent_set
from accounts.states import AccountStatus, RejectionReason
from transship.errors import DomainError
from transship.transitions import record_created


@transaction.atomic
def application_submit(
    *,
    user: User,
    full_name: str,
    birth_date: datetime.date | None = None,
    gender: str = "",
    phone: str = "",
    guardian_name: str = "",
    guardian_contact: str = "",
    guardian_consent: bool = False,
    document_ids: list[int] | None = None,
    marketing_email: bool = False,
    language: str = "",
) -> User:
    """Record a new applicant's details and consents, then try the automatic approval.

    `language` is the one the visitor signed up in: every email from the verification on is in it
    (an unknown code keeps the default)."""
    if language in dict(settings.LANGUAGES):
        user.language = language
    user.full_name = full_name.strip()
    user.birth_date = birth_date
    user.gender = gender or ""
    user.phone = phone or ""
    user.phone_digest = identity_digest(phone or "")
    user.guardian_name = guardian_name.strip()
    user.guardian_contact = guardian_contact.strip()
    user.guardian_consent_at = timezone.now() if guardian_consent and guardian_name else None
    user.save(
        update_fields=[
            "full_name",
            "birth_date",
            "gender",
            "phone",
            "phone_digest",
            "guardian_name",
            "guardian_contact",
            "guardian_consent_at",
            "language",
        ]
    )
    record_created(user, actor=user, reason="Sign-up")
    legal_documents_accept(user=user, document_ids=document_ids or [])
    if marketing_email:
        marketing_consent_set(user=user, channel="email", is_granted=True)
    application_auto_review(user_id=user.pk)
    return user


@transaction.atomic
def application_guardian_consent_give(
    *, user_id: int, guardian_name: str, guardian_contact: str
) -> User:
    """A minor's guardian consents (agreement 3.3(1)); the application is reviewed again."""
    user = User.objects.select_for_update().get(pk=user_id)
    if not guardian_name.strip() or not guardian_contact.strip():
        raise DomainError(_("Please give the guardian's name and contact."))
    user.guardian_name = guardian_name.strip()
    user.guardian_contact = guardian_contact.strip()
    user.guardian_consent_at = timezone.now()
    user.save(update_fields=["guardian_name", "guardian_contact", "guardian_consent_at"])
    application_auto_review(user_id=user.pk)
    return user


@transaction.atomic
def application_auto_review(*, user_id: int) -> bool:
    """Approve without a person when nothing needs one: verified email, adult or guardian
    consent, current documents accepted, no earlier disqualification of the email or phone.
    Otherwise the application waits in the staff queue. Returns whether it was approved."""
    user = User.objects.select_for_update().get(pk=user_id)
    if user.status != AccountStatus.APPLIED:
        return False
    if selectors.application_problems(user=user):
        return False
    account_transition(
        user_id=user.pk, to=AccountStatus.ACTIVE, actor=None, reason="Automatic approval"
    )
    return True


def application_approve(*, user_id: int, actor: User | None, reason: str = "") -> User:
    """Staff approve an application. A minor is never approved without a guardian's consent."""
    user = User.objects.get(pk=user_id)
    if selectors.user_is_minor(user=user) and not user.guardian_consent_at:
        raise DomainError(_("A minor's application needs the guardian's consent first."))
    return account_transition(
        user_id=user_id,
        to=AccountStatus.ACTIVE,
        actor=actor,
        reason=reason or "Approved by staff",
    )


@transaction.atomic
def application_reject(
    *, user_id: int, actor: User | None, reason_code: str, note: str = ""
) -> User:
    """Refuse an application on one of the grounds of article 3.3; the applicant is told why."""
    if reason_code not in RejectionReason.values:
        raise DomainError(_("Choose a reason from article 3.3."), field="reason_code")
    User.objects.filter(pk=user_id).update(rejection_reason=reason_code)
    label = str(RejectionReason(reason_code).label)
    reason = f"{label}. {note.strip()}" if note.strip() else label
    return account_transition(
        user_id=user_id, to=AccountStatus.REJECTED, actor=actor, reason=reason
    )
