"""The suite hashes passwords with a fast hasher (tests/conftest.py); production must not."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory
from transship import settings as project_settings

pytestmark = pytest.mark.django_db


def test_production_stores_passwords_with_a_slow_salted_hash():
    production_hashers = project_settings.PASSWORD_HASHERS

    with override_settings(PASSWORD_HASHERS=production_hashers):
        user = UserFactory()
        hasher = identify_hasher(user.password)
        can_log_in = user.check_password(PASSWORD)

    assert hasher.algorithm in {"argon2", "pbkdf2_sha256", "scrypt"}
    assert hasher.algorithm != "md5"
    assert can_log_in
    if hasher.algorithm == "pbkdf2_sha256":
        assert int(user.password.split("$")[1]) >= 1_000_000


def test_the_suite_uses_a_fast_hasher_everywhere_else(user):
    assert identify_hasher(user.password).algorithm == "md5"
