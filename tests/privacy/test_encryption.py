"""Encryption at rest (P4(2)) and the key rotation command."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Address, User

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_phone_numbers_and_street_addresses_are_stored_encrypted(customer):
    address = Address.objects.get(user=customer)

    assert "Nanjing" not in raw("accounts_address", "line1", address.pk)
    assert raw("accounts_address", "phone", address.pk).startswith("fernet:")
    assert raw("accounts_user", "phone", customer.pk).startswith("fernet:")


def test_key_rotation_keeps_every_value_readable_and_the_old_key_removable(customer, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    address = Address.objects.get(user=customer)
    before = raw("accounts_address", "line1", address.pk)

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    with pytest.raises(CommandError):
        call_command("encryption_rotate", "--check")
    call_command("encryption_rotate", "--batch-size", "1")
    call_command("encryption_rotate", "--check")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]

    assert raw("accounts_address", "line1", address.pk) != before
    address = Address.objects.get(pk=address.pk)
    assert address.line1 == "88 Nanjing West Road"
    assert address.phone == "+8613787654321"
    assert address.name == "Li Xiaohong"
    assert User.objects.get(pk=customer.pk).phone == "+8613912345678"


def test_rotation_can_run_twice(customer, settings):
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]

    call_command("encryption_rotate")
    call_command("encryption_rotate")

    assert Address.objects.get(user=customer).line1 == "88 Nanjing West Road"
