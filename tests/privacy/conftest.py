"""Privacy fixtures: Celery runs in-process (tasks enqueued on commit run at once when a test
executes the commit callbacks); a customer with data in every app we own; staff with and without
the right to see unmasked personal data."""

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Permission

from tests.factories import AddressFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _eager_celery() -> Iterator[None]:
    from transship.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def customer(db):
    """A customer whose identifying values are distinctive enough to grep a database dump for."""
    user = UserFactory(
        email="zhang.weiming@example.com", full_name="Zhang Weiming", phone="+8613912345678"
    )
    AddressFactory(
        user=user,
        name="Li Xiaohong",
        line1="88 Nanjing West Road",
        line2="Flat 1203",
        phone="+8613787654321",
    )
    return user


@pytest.fixture
def clerk(db):
    """Staff who may work privacy requests but not see unmasked personal data."""
    user = StaffFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="privacy",
            codename__in=["view_privacyrequest", "change_privacyrequest"],
        )
    )
    return user


def browser_login(page, email: str) -> None:
    """Log in through allauth's form. (tests.conftest.login_in_browser clicks the first
    `form [type=submit]` on the page, which is the header's language switcher.)"""
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")
