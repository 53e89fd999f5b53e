"""The member's own data: profile (kept current, agreement 5) and recipients' address book."""

from typing import Any

from django.db import transaction

from accounts.models import Address, User
from accounts.services.lifecycle import identity_digest

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
