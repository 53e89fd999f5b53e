import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.models import User
from accounts.states import AccountStatus
from notifications.models import Notification
from privacy.models import Erasure
from tests.conftest import login_in_browser
from tests.factories import PASSWORD, AddressFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_from_last_mail() -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)
    return match.group(1)


def test_sign_up_verify_and_see_the_member_code_and_warehouse_address(page):
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "hua@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=full_name]", "Li Hua")
    page.fill("input[name=birth_date]", "1990-05-01")
    page.check("input[name=accept_terms]")
    page.click("form [type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    page.fill("input[name=code]", _code_from_last_mail())
    page.click("form [type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto("/me/")

    user = User.objects.get(email="hua@example.com")
    assert user.status == AccountStatus.ACTIVE
    code = user.member_code[:3] + "-" + user.member_code[3:]
    assert page.get_by_test_id("member-code").inner_text().strip() == code
    assert code in page.get_by_test_id("warehouse-ja").inner_text()
    assert "Funabashi" in page.get_by_test_id("warehouse-romanised").inner_text()


def test_a_minor_waits_for_the_guardian_then_is_approved(page, browser_instance, live_server):
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "kid@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=full_name]", "Xiao Ming")
    page.fill("input[name=birth_date]", "2015-01-01")
    page.check("input[name=accept_terms]")
    page.click("form [type=submit]")
    page.fill("input[name=code]", _code_from_last_mail())
    page.click("form [type=submit]")
    page.goto("/me/")
    assert "guardian" in page.get_by_test_id("application").inner_text()

    # The minor names the guardian: nothing is consented yet, the guardian is emailed a link.
    page.fill("input[name=guardian_name]", "Wang Fang")
    page.fill("input[name=guardian_contact]", "wang.fang@example.com")
    page.click("form[action$='/guardian/'] [type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("guardian-consent-requested").is_visible()
    assert User.objects.get(email="kid@example.com").status == AccountStatus.APPLIED

    # The guardian opens the link in their own browser and confirms.
    message = Notification.objects.get(event="account.guardian_consent_request")
    assert message.recipient == "wang.fang@example.com"
    link = urlsplit(re.search(r"http\S+/guardian/\S+/", message.body_text).group(0)).path
    guardian = browser_instance.new_context(locale="en-US", base_url=live_server.url).new_page()
    guardian.goto(link)
    assert "Xiao Ming" in guardian.get_by_test_id("guardian-consent-applicant").inner_text()
    guardian.fill("input[name=guardian_name]", "Wang Fang")
    guardian.select_option("select[name=relationship]", "parent")
    guardian.check("input[name=consent]")
    guardian.get_by_role("button", name="Give my consent").click()
    guardian.get_by_test_id("guardian-consent-recorded").wait_for()

    kid = User.objects.get(email="kid@example.com")
    assert kid.status == AccountStatus.ACTIVE
    assert kid.guardian_relationship == "parent"
    page.goto("/me/")
    assert page.get_by_test_id("member-code").is_visible()

    # The link is spent: opening it again shows the consent recorded, and changes nothing.
    guardian.goto(link)
    assert guardian.get_by_test_id("guardian-consent-recorded").is_visible()
    guardian.context.close()


def test_another_members_address_is_not_found_in_the_browser(page, user, other_user):
    theirs = AddressFactory(user=other_user)
    login_in_browser(page, user.email)

    response = page.goto(f"/me/addresses/{theirs.pk}/")

    assert response.status == 404


def test_the_cookie_banner_choice_is_remembered(page):
    page.goto("/")
    page.get_by_role("button", name="Only necessary").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_test_id("cookie-banner").count() == 0
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["cookie_consent"] == "necessary"


def test_a_member_holding_goods_sees_what_blocks_closing_and_cannot_close(page, user):
    from tests.parcels.factories import ParcelFactory

    ParcelFactory(owner=user)
    login_in_browser(page, user.email)

    page.goto("/me/close/")

    blockers = page.get_by_test_id("withdrawal-blockers")
    assert "We hold your parcels" in blockers.inner_text()
    assert page.locator("input[name=password]").count() == 0
    assert page.get_by_role("button", name="Close my account for good").count() == 0
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert not Erasure.objects.filter(user_pk=user.pk).exists()


def test_a_member_with_nothing_held_closes_the_account_and_the_data_is_erased(page, user):
    from accounts.models import Address

    AddressFactory(user=user, city="Shanghai")
    User.objects.filter(pk=user.pk).update(phone="+8613800138000")
    email, name = user.email, user.full_name
    login_in_browser(page, email)
    page.goto("/me/close/")

    page.fill("input[name=password]", PASSWORD)
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Close my account for good").click()
    page.wait_for_load_state("networkidle")

    assert "Your account is closed" in page.content()
    page.goto("/me/")
    assert "/accounts/login/" in page.url

    login_in_browser(page, email)
    assert "/accounts/login/" in page.url
    page.goto("/me/")
    assert "/accounts/login/" in page.url

    user.refresh_from_db()
    assert user.status == AccountStatus.WITHDRAWN
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email != email
    assert user.email.endswith("@erased.invalid")
    assert user.full_name == ""
    assert user.phone == ""
    assert not User.objects.filter(email=email).exists()
    assert not User.objects.filter(full_name=name).exists()
    assert not Address.objects.filter(user=user, city="Shanghai").exists()
    assert Erasure.objects.filter(user_pk=user.pk).exists()
