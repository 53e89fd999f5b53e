"""Shipping plans in a real browser (issue 19): pick parcels, see the plans and the saving,
choose one, get one shipment per box. The plans view also passes axe."""

import pytest

from parcels.models import Shipment
from parcels.states import ParcelStatus
from tests.conftest import login_in_browser
from tests.platform.test_accessibility import axe_violations
from tests.shipping.factories import CarrierServiceFactory, price_list

pytestmark = pytest.mark.browser


def test_a_customer_compares_plans_and_ships_the_cheapest(
    page, browser_instance, live_server, user, address, parcel_factory
):
    small = CarrierServiceFactory(code="epacket", name="ePacket", max_weight_g=2000, transit_days=9)
    price_list(service=small, steps=((1000, 1000), (2000, 1500)))
    ems = CarrierServiceFactory(code="ems", name="EMS", max_weight_g=30000, transit_days=4)
    price_list(service=ems, steps=((2000, 3000), (4000, 9000), (30000, 20000)))
    parcels = [parcel_factory(owner=user, weight_g=1200) for _ in range(3)]
    login_in_browser(page, user.email)

    # pick two of the three parcels and ask for plans
    page.goto("/parcels/shipments/new/")
    page.uncheck(f"input[name=parcels][value='{parcels[2].pk}']")
    page.click("button[name=plans]")
    page.wait_for_selector("[data-testid=plan-cheapest]")

    saving = page.inner_text("[data-testid=plan-cheapest] [data-testid=plan-saving]")
    assert "against everything in one box" in saving
    assert page.locator("[data-testid=plan-one_box]").count() == 1
    assert page.locator("[data-testid=plan-separately]").count() == 1
    assert "ePacket" in page.inner_text("[data-testid=plan-cheapest]")
    context = browser_instance.new_context(
        locale="en-US", base_url=live_server.url, bypass_csp=True
    )
    context.add_cookies(page.context.cookies())
    check = context.new_page()
    check.set_content(page.content())
    assert axe_violations(check) == []
    context.close()

    # choose the recommended plan (checked by default), declare customs, ship
    page.check("input[name=customs_category][value=gift]")
    page.check("input[name=customs_confirmed]")
    page.click("button[name=ship_plan]")
    page.wait_for_url("**/parcels/shipments/")
    assert "2 shipments requested" in page.content()

    shipments = list(Shipment.objects.filter(user=user).order_by("pk"))
    assert len(shipments) == 2  # two ePacket boxes beat one EMS box
    assert {s.service.code for s in shipments} == {"epacket"}
    assert all(s.quoted_price == 1500 for s in shipments)
    parcels[2].refresh_from_db()
    assert parcels[2].status == ParcelStatus.STORED
