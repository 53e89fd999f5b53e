"""The support journey in a real browser: the customer asks from a parcel page with a photo, an
agent replies in the admin, the customer reads the email, follows its link and replies on the
site."""

import re

import pytest
from django.core import mail

from support.models import Conversation
from tests.factories import StaffFactory, UserFactory
from tests.parcels.factories import ParcelFactory
from tests.privacy.conftest import browser_login
from tests.support.conftest import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_asks_from_a_parcel_agent_replies_customer_reads_the_email_and_answers(
    page, browser_instance, live_server, tmp_path
):
    customer = UserFactory(email="chen.jie@example.com", full_name="Chen Jie")
    parcel = ParcelFactory(owner=customer)
    agent = StaffFactory(groups=["Support agent"])
    photo = tmp_path / "box.png"
    photo.write_bytes(PNG)

    # the customer asks about the parcel, with a photo
    browser_login(page, customer.email)
    page.goto(f"/parcels/{parcel.pk}/")
    page.click("[data-testid=ask-about]")
    page.fill("input[name=subject]", "The box arrived crushed")
    page.fill("textarea[name=body]", "Can you check the contents?")
    page.set_input_files("input[name=attachments]", str(photo))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    conversation = Conversation.objects.get(user=customer)
    assert conversation.parcel_id == parcel.pk
    assert "box.png" in page.content()

    # the agent finds it in the queue, sees the masked context, and replies
    agent_context = browser_instance.new_context(locale="en-US", base_url=live_server.url)
    agent_page = agent_context.new_page()
    browser_login(agent_page, agent.email)
    agent_page.goto("/admin/support/conversation/")
    agent_page.click(f"a[href$='/conversation/{conversation.pk}/change/']")
    assert "c***@example.com" in agent_page.locator("[data-testid=customer-context]").inner_text()
    agent_page.select_option("#support-write select[name=action]", "reply")
    agent_page.fill("#support-write textarea[name=body]", "We checked: everything is intact.")
    agent_page.click("#support-write input[type=submit]")
    agent_page.wait_for_load_state("networkidle")
    agent_context.close()
    conversation.refresh_from_db()
    assert conversation.status == "waiting_on_customer"

    # the customer reads the email and answers on the site
    email = next(m for m in mail.outbox if m.to == [customer.email] and "Re:" in m.subject)
    assert "everything is intact" in email.body
    link = re.search(r"http://\S+/support/\d+/", email.body).group(0)
    page.goto("/" + link.split("/", 3)[3])
    assert "everything is intact" in page.content()
    page.fill("textarea[name=body]", "Thank you!")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Waiting on us" in page.locator("[data-testid=conversation-status]").inner_text()
    conversation.refresh_from_db()
    assert conversation.status == "waiting_on_us"
