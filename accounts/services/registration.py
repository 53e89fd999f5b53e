"""Registration is an application (agreement 3): details and consents in, then approval by rules
or by staff, or rejection on a ground of article 3.3."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors
from accounts.identity import identity_digest
from accounts.models import User
from accounts.services.legal import legal_documents_accept
from accounts.services.lifecycle import account_transition
from accounts.services.marketing import marketing_consent_set
from accounts.states import AccountStatus, GuardianRelationship, RejectionReason
from notifications.services import notify_third_party
from transship.errors import DomainError
from transship.transitions import record_created

GUARDIAN_CONSENT_SALT = "accounts.guardian-consent"
GUARDIAN_CONSENT_LINK_DAYS = 7
GUARDIAN_LINK_INVALID = gettext_lazy(
    "This link is not valid or has expired. Ask the applicant to send you a new one."
)


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
) -> User:
    """Record a new applicant's details and consents, then try the automatic approval."""
    user.full_name = full_name.strip()
    user.birth_date = birth_date
    user.gender = gender or ""
    user.phone = phone or ""
    user.phone_digest = identity_digest(phone or "")
    user.save(update_fields=["full_name", "birth_date", "gender", "phone", "phone_digest"])
    record_created(user, actor=user, reason="Sign-up")
    legal_documents_accept(user=user, document_ids=document_ids or [])
    if marketing_email:
        marketing_consent_set(user=user, channel="email", is_granted=True)
    if guardian_consent and selectors.user_is_minor(user=user):
        # The applicant only names the guardian; the guardian consents through the emailed link.
        application_guardian_consent_request(
            user_id=user.pk, guardian_name=guardian_name, guardian_contact=guardian_contact
        )
    application_auto_review(user_id=user.pk)
    return user


def _guardian_token_make(user: User) -> str:
    return signing.dumps(
        {"u": user.pk, "at": user.guardian_consent_requested_at.isoformat()},
        salt=GUARDIAN_CONSENT_SALT,
        compress=True,
    )


@transaction.atomic
def application_guardian_consent_request(
    *, user_id: int, guardian_name: str, guardian_contact: str
) -> User:
    """A minor names a parent or guardian (agreement 3.3(1)). Nothing is consented yet: the
    guardian is emailed a signed link, valid GUARDIAN_CONSENT_LINK_DAYS, and the application
    waits until the guardian confirms on that page. Asking again sends a new link and makes the
    earlier ones useless."""
    user = User.objects.select_for_update().get(pk=user_id)
    name, address = guardian_name.strip(), guardian_contact.strip()
    if not name:
        raise DomainError(_("Please give the guardian's name."), field="guardian_name")
    try:
        validate_email(address)
    except ValidationError:
        raise DomainError(
            _("Please give the guardian's email address: we send them a link to consent."),
            field="guardian_contact",
        ) from None
    if address.lower() == user.email.lower():
        raise DomainError(
            _("The guardian's email must be the guardian's own, not yours."),
            field="guardian_contact",
        )
    if user.status != AccountStatus.APPLIED or user.guardian_consent_at:
        raise DomainError(_("The guardian's consent is not needed any more."))
    user.guardian_name = name
    user.guardian_contact = address
    user.guardian_consent_requested_at = timezone.now()
    user.save(update_fields=["guardian_name", "guardian_contact", "guardian_consent_requested_at"])
    link = settings.SITE_URL + reverse(
        "accounts:guardian_consent_confirm", args=[_guardian_token_make(user)]
    )
    notify_third_party(
        user=user,
        address=address,
        event="account.guardian_consent_request",
        context={
            "applicant": user.full_name,
            "guardian": name,
            "link": link,
            "days": GUARDIAN_CONSENT_LINK_DAYS,
        },
    )
    return user


def _guardian_token_read(token: str) -> dict:
    try:
        return signing.loads(
            token, salt=GUARDIAN_CONSENT_SALT, max_age=GUARDIAN_CONSENT_LINK_DAYS * 86400
        )
    except signing.BadSignature:  # forged, damaged or expired (SignatureExpired is one)
        raise DomainError(GUARDIAN_LINK_INVALID) from None


def guardian_consent_applicant(*, token: str) -> User:
    """The applicant a guardian's link is about; refused when the link is forged, expired or
    replaced by a newer request."""
    payload = _guardian_token_read(token)
    user = User.objects.filter(pk=payload.get("u")).first()
    if user is None or user.guardian_consent_requested_at is None:
        raise DomainError(GUARDIAN_LINK_INVALID)
    if user.guardian_consent_requested_at.isoformat() != payload.get("at"):
        raise DomainError(GUARDIAN_LINK_INVALID)
    return user


@transaction.atomic
def application_guardian_consent_confirm(
    *, token: str, guardian_name: str, relationship: str
) -> User:
    """The guardian confirms on the page of the emailed link, giving their name and who they
    are to the applicant; the consent is recorded and the application reviewed again. A second
    confirmation changes nothing."""
    applicant = guardian_consent_applicant(token=token)
    user = User.objects.select_for_update().get(pk=applicant.pk)
    if user.guardian_consent_at is not None:
        return user
    if relationship not in GuardianRelationship.values:
        raise DomainError(_("Say who you are to the applicant."), field="relationship")
    if not guardian_name.strip():
        raise DomainError(_("Please give your name."), field="guardian_name")
    if user.status != AccountStatus.APPLIED:
        raise DomainError(_("This application is closed."))
    user.guardian_name = guardian_name.strip()
    user.guardian_relationship = relationship
    user.guardian_consent_at = timezone.now()
    user.save(update_fields=["guardian_name", "guardian_relationship", "guardian_consent_at"])
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
