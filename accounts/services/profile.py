"""The member's own data: profile (kept current, agreement 5) and recipients' address book."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.identity import identity_digest
from accounts.models import Address, User
from accounts.sensitive import sensitive_action_check
from notifications.services import notify
from transship.errors import DomainError

PROFILE_FIELDS = ("full_name", "birth_date", "gender", "phone", "language", "currency")
ADDRESS_FIELDS = (
    "label",
    "name",
    "country",
    "region",
    "city",
    "postcode",
    "line1",
    "line2",
    "phone",
    "is_default",
)


@transaction.atomic
def profile_update(*, user_id: int, data: dict[str, Any]) -> User:
    """Save the member's profile; a changed phone must be verified again."""
    user = User.objects.select_for_update().get(pk=user_id)
    fields = [field for field in PROFILE_FIELDS if field in data]
    old_phone = user.phone
    for field in fields:
        value = data[field]
        if field in {"gender", "phone"}:
            value = str(value) if value else ""
        setattr(user, field, value)
    if "phone" in fields and user.phone != old_phone:
        user.phone_verified_at = None
        user.phone_digest = identity_digest(user.phone)
        fields += ["phone_verified_at", "phone_digest"]
    user.save(update_fields=fields)
    return user


@transaction.atomic
def address_save(*, user: User, address: Address | None, data: dict[str, Any]) -> Address:
    """Create or update a recipient of `user`; at most one is the default."""
    if address is not None and address.user_id != user.pk:
        raise Address.DoesNotExist
    sensitive_action_check(user_id=user.pk)
    address = address or Address(user=user)
    for field in ADDRESS_FIELDS:
        if field in data:
            value = data[field]
            setattr(address, field, str(value) if field == "phone" else value)
    if not Address.objects.filter(user=user).exclude(pk=address.pk).exists():
        address.is_default = True
    address.save()
    if address.is_default:
        Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(
            is_default=False
        )
    return address


@transaction.atomic
def address_delete(*, user: User, address_id: int) -> None:
    """Delete one of the user's recipients. Shipments keep their own copy of the address."""
    Address.objects.filter(user=user, pk=address_id).delete()


PHONE_CODE_TTL_MINUTES = 15
PHONE_CODE_RESEND_SECONDS = 60


def _phone_code_digest(*, user_id: int, code: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{user_id}:{code}".encode()).hexdigest()


@transaction.atomic
def phone_verification_start(*, user_id: int) -> None:
    """Send a six-digit code to the member's phone by SMS (privacy policy 1.1: the phone is
    optional but verifiable). Only a salted digest of the code is stored."""
    user = User.objects.select_for_update().get(pk=user_id)
    if not user.phone:
        raise DomainError(_("Add a mobile phone number first."), field="phone")
    now = timezone.now()
    if user.phone_code_sent_at and (now - user.phone_code_sent_at) < timedelta(
        seconds=PHONE_CODE_RESEND_SECONDS
    ):
        raise DomainError(_("A code was just sent. Please wait a minute before asking again."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    user.phone_code_digest = _phone_code_digest(user_id=user.pk, code=code)
    user.phone_code_sent_at = now
    user.save(update_fields=["phone_code_digest", "phone_code_sent_at"])
    notify(user=user, event="account.phone_code", context={"code": code}, channel="sms")


@transaction.atomic
def phone_verify(*, user_id: int, code: str) -> User:
    """Check the code sent by `phone_verification_start`: the right code within 15 minutes marks
    the phone verified; otherwise DomainError on the `code` field."""
    user = User.objects.select_for_update().get(pk=user_id)
    fresh = bool(user.phone_code_sent_at) and user.phone_code_sent_at > timezone.now() - timedelta(
        minutes=PHONE_CODE_TTL_MINUTES
    )
    given = _phone_code_digest(user_id=user.pk, code=(code or "").strip())
    if not (
        fresh and user.phone_code_digest and hmac.compare_digest(user.phone_code_digest, given)
    ):
        raise DomainError(_("The code is wrong or has expired."), field="code")
    user.phone_verified_at = timezone.now()
    user.phone_code_digest = ""
    user.save(update_fields=["phone_verified_at", "phone_code_digest"])
    return user
