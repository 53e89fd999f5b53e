import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys, settings):
    settings.DEBUG = True  # pytest-django runs with DEBUG off, which seed_demo refuses
    call_command("seed_demo")
    first = {model: model.objects.count() for model in (User,)}
    printed = capsys.readouterr().out

    call_command("seed_demo")

    assert {model: model.objects.count() for model in (User,)} == first
    for email in ("customer@demo.test", "warehouse@demo.test", "support@demo.test"):
        assert email in printed
    assert (
        User.objects.get(email="warehouse@demo.test").groups.filter(name="Warehouse staff").exists()
    )
