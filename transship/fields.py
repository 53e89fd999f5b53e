"""Encryption at rest for sensitive columns (privacy policy 4(2)).

Values are encrypted with MultiFernet over `settings.FIELD_ENCRYPTION_KEYS`: the first key
encrypts, every key decrypts, so a new key can be put in front and old rows re-encrypted at leisure
(`python manage.py encryption_rotate`, see docs/privacy.md). Encrypted columns cannot be searched or
sorted in SQL; keep a separate non-sensitive column (e.g. a hash or the last digits) if you must.
"""

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption was turned on
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A value cannot be decrypted with FIELD_ENCRYPTION_KEYS: was a key removed?"
        ) from exc


def rotate(stored: str) -> str:
    """Re-encrypt a stored value under the first (newest) key."""
    if not stored or not stored.startswith(PREFIX):
        return encrypt(stored) if stored else stored
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python sees plain text. Empty strings stay empty."""

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str):
        if lookup_name not in {"isnull", "exact"}:
            return None  # ciphertext is random: no contains/startswith/ordering in SQL
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedTextField):
    """Same as EncryptedTextField; a separate name keeps forms rendering a one-line input."""

    def formfield(self, **kwargs: Any):
        from django import forms

        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)
