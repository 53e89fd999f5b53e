"""The request lifecycle in a real browser: the customer asks, an agent verifies and completes,
the customer downloads their data once."""

import io
import json
import zipfile

import pytest

from privacy.models import PrivacyRequest
from tests.factories import StaffFactory, UserFactory
from tests.privacy.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_asks_for_a_copy_agent_verifies_and_completes_customer_downloads(
    page, browser_instance, live_server
):
    customer = UserFactory(email="zhang.weiming@example.com", full_name="Zhang Weiming")
    agent = StaffFactory(groups=["Support agent"])

    # the customer asks for a copy of their data
    browser_login(page, customer.email)
    page.goto("/privacy/")
    page.select_option("select[name=kind]", "access")
    page.click("#new-request button[type=submit]")
    page.wait_for_load_state("networkidle")
    row = page.locator("tr.privacy-request")
    assert "Received" in row.inner_text()
    request = PrivacyRequest.objects.get(user=customer)

    # a support agent verifies the identity, then processes the request
    agent_context = browser_instance.new_context(locale="en-US", base_url=live_server.url)
    agent_page = agent_context.new_page()
    browser_login(agent_page, agent.email)
    agent_page.goto("/admin/privacy/privacyrequest/")
    assert "z***@example.com" in agent_page.content()
    agent_page.click(f"a[href$='/privacyrequest/{request.pk}/change/']")
    agent_page.click("a.privacy-step[data-step=verify]")
    agent_page.select_option("select[name=method]", "session_email")
    agent_page.click("input[name=_confirm]")
    agent_page.wait_for_load_state("networkidle")
    assert "Identity verified" in agent_page.content()
    agent_page.click("a.privacy-step[data-step=process]")
    agent_page.click("input[name=_confirm]")
    agent_page.wait_for_load_state("networkidle")
    agent_context.close()
    request.refresh_from_db()
    assert request.status == "completed"

    # the customer downloads the ZIP, once
    page.goto("/privacy/")
    assert "Completed" in page.locator("tr.privacy-request").inner_text()
    with page.expect_download() as download_info:
        page.click("tr.privacy-request button:has-text('Download my data')")
    with open(download_info.value.path(), "rb") as file:
        archive = zipfile.ZipFile(io.BytesIO(file.read()))
    profile = json.loads(archive.read("accounts/profile.json"))
    assert profile[0]["email"] == "zhang.weiming@example.com"
    page.goto("/privacy/")
    assert "Downloaded" in page.locator("tr.privacy-request").inner_text()
    assert page.locator("text=Download my data").count() == 0
