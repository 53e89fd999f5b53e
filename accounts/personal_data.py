"""Personal data held by accounts: the profile, the address book, consents, account history and
login records (written by the privacy engineer; see docs/privacy.md).

Rows of every accounts model that belong to the user by a `user` foreign key are exported and
scrubbed generically, so a model added later is covered without touching this file; what needs
more than a scrub is handled by name below."""

from typing import Any

from django.apps import apps

from accounts.models import Address, User
from transship import records

# Columns of the user row that are not personal or must stay (identifiers kept by law / policy).
USER_EXPORT_EXCLUDE = ("password", "groups", "user_permissions")
# Columns that must survive erasure in other accounts tables (hashes of disqualified identities,
# issued member codes: never reused).
KEEP = {"BlockedIdentity": ("digest",), "MemberCode": ("code",), "LegalDocument": ()}
# Tables with no legal reason to outlive the account: deleted outright.
DELETE = ("AccessToken",)


def _owned_models() -> list[tuple[type, list[str]]]:
    found = []
    for model in apps.get_app_config("accounts").get_models():
        if model is User:
            continue
        keys = records.user_foreign_keys(model, User)
        if keys:
            found.append((model, keys))
    return found


def export(*, user_id: int) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = {
        "profile": records.rows(User.objects.filter(pk=user_id), exclude=USER_EXPORT_EXCLUDE),
    }
    for model, keys in _owned_models():
        table = model._meta.model_name
        queryset = model._default_manager.filter(**{keys[0]: user_id})
        data[table] = records.rows(queryset)
    try:
        from allauth.account.models import EmailAddress

        data["email_addresses"] = records.rows(EmailAddress.objects.filter(user_id=user_id))
    except (ImportError, LookupError):  # allauth not installed in a slimmed-down deployment
        pass
    return data


def erase(*, user_id: int, pseudonym: str) -> None:
    user = User.objects.select_for_update().get(pk=user_id)
    for model, keys in _owned_models():
        queryset = model._default_manager.filter(**{keys[0]: user_id})
        if model.__name__ in DELETE:
            queryset.delete()
            continue
        if model.__name__ == "MarketingConsent":
            queryset.update(is_granted=False)
        records.scrub(queryset, keep=KEEP.get(model.__name__, ()))
    try:
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator

        EmailAddress.objects.filter(user_id=user_id).delete()
        Authenticator.objects.filter(user_id=user_id).delete()
    except (ImportError, LookupError):
        pass

    values: dict[str, Any] = {}
    for field in User._meta.concrete_fields:
        if field.name in {"email", "password", "last_login"} or field.primary_key:
            continue
        if field.name in {"member_code", "status", "language", "currency", "rejection_reason"}:
            continue
        if field.get_internal_type() in {"CharField", "TextField", "EmailField"} or isinstance(
            field, records.models.TextField
        ):
            if not field.choices or field.name in {"gender", "guardian_relationship"}:
                values[field.name] = None if field.null else ""
        elif field.name in {
            "birth_date",
            "guardian_consent_at",
            "guardian_consent_requested_at",
            "phone_verified_at",
        }:
            values[field.name] = None
    for name, value in values.items():
        setattr(user, name, value)
    user.email = f"{pseudonym}@erased.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save()


def identifiers(*, user_id: int) -> dict[str, list[str]]:
    """What identifies the person in free text others typed: read before erasure, so that kept
    records can be redacted (see `transship.redaction`)."""
    user = User.objects.get(pk=user_id)
    names = [user.full_name, user.guardian_name]
    texts = [user.email, user.guardian_contact]
    phones = [user.phone]
    for address in Address.objects.filter(user_id=user_id):
        names.append(address.name)
        texts += [address.line1, address.line2, address.postcode]
        phones.append(address.phone)
    return {"names": names, "texts": texts, "phones": phones}
