"""The claim journey in a real browser: the customer follows the timeline of a delivered box,
opens a claim with a photo from the shipment's page, support accepts it on the work screen, and
the balance is credited once; the shipment page with its timeline passes axe."""

import io

import pytest
from PIL import Image

from billing.models import LedgerEntry
from tests.conftest import login_in_browser
from tests.factories import StaffFactory, UserFactory
from tests.platform.test_accessibility import axe_violations
from tests.tracking.factories import shipped_shipment
from tests.tracking.test_polling import _event
from tracking.models import Claim, Stall
from tracking.services import tracking_events_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _photo_file(tmp_path):
    path = tmp_path / "broken-vase.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (180, 40, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_customer_claims_for_a_broken_box_and_support_pays_it_once(
    page, browser_instance, live_server, ems, tmp_path
):
    customer = UserFactory(email="mei.lin@example.com")
    agent = StaffFactory(groups=["Support agent"])
    box = shipped_shipment(service=ems, user=customer, insurance_amount=12000)
    tracking_events_record(
        shipment_id=box.pk,
        carrier="japan_post",
        events=[
            _event("2026-11-21T08:00:00+00:00", "transit", "Dispatch from outward office"),
            _event("2026-11-25T06:20:00+00:00", "delivered", "Final delivery"),
        ],
    )

    # the customer reads the timeline and reports the damage with a photo
    login_in_browser(page, customer.email)
    page.goto(f"/parcels/shipments/{box.pk}/")
    timeline = page.locator("[data-testid=timeline]").inner_text()
    assert timeline.index("Dispatch from outward office") < timeline.index("Final delivery")
    assert page.locator("[data-testid=shipment-status]").inner_text() == "Delivered"
    page.click("[data-testid=open-claim]")
    page.select_option("select[name=kind]", "damaged")
    page.fill("textarea[name=description]", "The vase arrived in pieces; the box was crushed.")
    page.fill("input[name=amount_claimed]", "99999")
    page.set_input_files("input[name=photos]", str(_photo_file(tmp_path)))
    page.click("form.card button[type=submit]")
    assert "You can claim at most ¥12,000" in page.content()  # the form re-renders
    page.fill("input[name=amount_claimed]", "9000")
    page.set_input_files("input[name=photos]", str(_photo_file(tmp_path)))
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=claim-status]").inner_text() == "Under review"
    claim = Claim.objects.get(user=customer)
    assert claim.photos.count() == 1

    # support accepts it in part on the work screen (and clicks twice)
    agent_context = browser_instance.new_context(locale="en-US", base_url=live_server.url)
    agent_page = agent_context.new_page()
    login_in_browser(agent_page, agent.email)
    agent_page.goto("/admin/tracking/claim/")
    agent_page.click(f"a[href$='/claim/{claim.pk}/change/']")
    agent_page.click(f"a[href$='/claim/{claim.pk}/work/']")
    agent_page.check("input[name=action][value=accept]")
    agent_page.fill("input[name=amount]", "7000")
    agent_page.fill("textarea[name=message]", "The stand was not damaged.")
    agent_page.click("input[type=submit][value=Save]")
    agent_page.wait_for_load_state("networkidle")
    agent_page.go_back()
    agent_page.click("input[type=submit][value=Save]")  # a stale second submit
    agent_context.close()

    # the customer sees the decision and one credit
    page.goto(f"/tracking/claims/{claim.pk}/")
    assert page.locator("[data-testid=claim-status]").inner_text() == "Paid"
    assert (
        "The stand was not damaged." in page.locator("[data-testid=decision-reason]").inner_text()
    )
    assert LedgerEntry.objects.filter(user=customer, kind="claim").count() == 1
    page.goto("/billing/statement/")
    assert "7,000" in page.content()


def test_the_shipment_page_with_its_timeline_and_stall_notice_passes_axe(
    browser_instance, live_server, ems
):
    customer = UserFactory(email="axe.tracking@example.com")
    box = shipped_shipment(service=ems, user=customer, shipped_days_ago=12)
    tracking_events_record(
        shipment_id=box.pk,
        carrier="japan_post",
        events=[_event("2026-11-21T08:00:00+00:00", "transit", "Dispatch from outward office")],
    )
    Stall.objects.create(shipment=box)
    context = browser_instance.new_context(
        locale="en-US", base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()

    login_in_browser(page, customer.email)
    page.goto(f"/parcels/shipments/{box.pk}/")
    violations = axe_violations(page)
    context.close()

    assert violations == []
