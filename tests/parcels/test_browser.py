"""The whole journey in a real browser: declare → staff scan in, weigh and photograph →
customer requests a consolidated shipment → staff pack (billing issues the invoice) → customer
pays it → staff ship → customer sees the tracking number."""

import pytest

from billing.models import Invoice
from parcels import services
from parcels.models import Parcel, Shipment
from parcels.states import ParcelStatus, ShipmentStatus
from tests.conftest import login_in_browser
from tests.parcels.test_intake import PNG

pytestmark = pytest.mark.browser


def _scan_in(staff, tracking: str, bin_location: str) -> None:
    staff.goto("/admin/parcels/parcel/intake/")
    staff.fill("input[name=code]", tracking)
    staff.keyboard.press("Enter")  # the scanner's keyboard wedge ends with Enter
    staff.wait_for_selector("[data-testid=intake-form]")
    staff.fill("input[name=weight_g]", "1200")
    staff.fill("input[name=length_cm]", "30")
    staff.fill("input[name=width_cm]", "20")
    staff.fill("input[name=height_cm]", "10")
    staff.fill("input[name=bin_location]", bin_location)
    staff.set_input_files(
        "input[name=photos]", files=[{"name": "label.png", "mimeType": "image/png", "buffer": PNG}]
    )
    staff.click("[data-testid=intake-form] input[type=submit]")
    staff.wait_for_selector("ul.messagelist li.success")


def test_declare_scan_ship_and_track_in_a_browser(
    page, browser_instance, live_server, user, superuser, address, carrier_service, settings
):
    settings.STRIPE_SECRET_KEY = ""  # billing's labelled test payment, no money moves
    # Customer declares a purchase
    login_in_browser(page, user.email)
    page.goto("/parcels/declare/")
    page.select_option("select[name=carrier]", "yamato")
    page.fill("input[name=tracking_number]", "4321-8765-0001")
    page.fill("input[name=shop_name]", "Amazon JP")
    page.fill("input[name=items-0-description]", "Sneakers")
    page.select_option("select[name=items-0-category]", "clothing")
    page.fill("input[name=items-0-quantity]", "1")
    page.fill("input[name=items-0-unit_value]", "12000")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("[data-testid=parcel-status]")
    assert page.inner_text("[data-testid=parcel-status]") == "Expected"
    services.declaration_create(
        user=user,
        tracking_number="4321876500002",
        items=[{"description": "Manga", "category": "books", "quantity": 5, "unit_value": 500}],
    )

    # Staff scan both parcels in at the packing table
    staff_context = browser_instance.new_context(locale="en-US", base_url=live_server.url)
    staff = staff_context.new_page()
    login_in_browser(staff, superuser.email)
    _scan_in(staff, "4321-8765-0001", "A-03")
    _scan_in(staff, "4321876500002", "B-11")
    assert Parcel.objects.filter(status=ParcelStatus.STORED).count() == 2

    # Customer sees weight and photo, then requests one box for both
    parcel = Parcel.objects.get(tracking_number="432187650001")
    page.goto(f"/parcels/{parcel.pk}/")
    assert "1200 g" in page.inner_text("[data-testid=measures]")
    assert page.locator("[data-testid=photos] img").count() == 1
    page.goto("/parcels/shipments/new/")
    page.check(f"input[name=service][value='{carrier_service.pk}']")
    page.check("input[name=customs_category][value=gift]")
    page.check("input[name=customs_confirmed]")
    page.click("button[name=request]")
    page.wait_for_selector("[data-testid=shipment-status]")
    shipment = Shipment.objects.get()
    assert shipment.parcels.count() == 2

    # Staff pack and weigh the box; billing issues the invoice; shipping waits for payment
    staff.goto("/admin/parcels/shipment/packing/")
    staff.click(f"text={shipment.number}")
    staff.click("[data-testid=start-form] input[type=submit]")
    staff.fill("input[name=weight_g]", "2600")
    staff.fill("input[name=length_cm]", "40")
    staff.fill("input[name=width_cm]", "30")
    staff.fill("input[name=height_cm]", "25")
    staff.click("[data-testid=pack-form] input[type=submit]")
    staff.fill("input[name=tracking_number]", "EJ 987 654 321 JP")
    staff.keyboard.press("Enter")
    staff.wait_for_selector("text=not paid")
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKED
    invoice = Invoice.objects.get(shipment=shipment)

    # Customer finds the invoice on the shipment's page and pays it with the labelled test payment
    page.goto(f"/parcels/shipments/{shipment.pk}/")
    page.click(f"[data-testid=invoices] >> text={invoice.number}")
    assert page.inner_text("[data-testid=invoice-status]") == "Open"
    page.click("text=Pay now")
    page.wait_for_url("**/test/")
    assert "no money moves" in page.content()
    page.click("text=Complete test payment")
    page.wait_for_url(f"**/billing/invoices/{invoice.pk}/")
    assert page.inner_text("[data-testid=invoice-status]") == "Paid"
    assert page.inner_text("[data-testid=amount-due]") == "¥0"

    # Staff ship the paid box
    staff.fill("input[name=tracking_number]", "EJ 987 654 321 JP")
    staff.keyboard.press("Enter")
    staff.wait_for_selector("text=EJ987654321JP")
    staff_context.close()

    # Customer sees the tracking number
    page.goto(f"/parcels/shipments/{shipment.pk}/")
    assert page.inner_text("[data-testid=shipment-status]") == "Shipped"
    assert page.inner_text("[data-testid=tracking-number]") == "EJ987654321JP"
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.SHIPPED


def test_a_packer_sees_and_ticks_the_paid_extras_before_packing(
    page, live_server, user, superuser, address, carrier_service, parcel_factory
):
    from tests.parcels.factories import ExtraServiceFactory

    parcels = [parcel_factory(owner=user), parcel_factory(owner=user)]
    protective = ExtraServiceFactory(code="protective", name="Protective packing", price=500)
    photos = ExtraServiceFactory(code="photos", name="Content photos", price=300)
    first = services.parcel_extra_order(
        parcel_id=parcels[0].pk, user=user, service_id=protective.pk
    )
    second = services.parcel_extra_order(parcel_id=parcels[1].pk, user=user, service_id=photos.pk)
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[p.pk for p in parcels],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="gift",
    )

    login_in_browser(page, superuser.email)
    page.goto(f"/admin/parcels/shipment/{shipment.pk}/pack/")
    extras = page.inner_text("[data-testid=extras]")
    assert f"{parcels[0].code}" in extras
    assert "Protective packing" in extras
    assert f"{parcels[1].code}" in extras
    assert "Content photos" in extras
    assert "CN22" in page.inner_text("[data-testid=customs-form]")

    # Packing with an extra not done is refused, and says which
    page.fill("input[name=weight_g]", "2600")
    page.fill("input[name=length_cm]", "40")
    page.fill("input[name=width_cm]", "30")
    page.fill("input[name=height_cm]", "25")
    page.click("[data-testid=pack-form] input[type=submit]")
    assert "Protective packing" in page.inner_text("ul.messagelist li.error")
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.REQUESTED

    # The packer ticks both extras done, then packs
    page.check(f"#extra-{first.pk}")
    page.check(f"#extra-{second.pk}")
    page.click("[data-testid=save-extras]")
    page.wait_for_selector(f"#extra-{first.pk}:disabled")
    assert page.is_checked(f"#extra-{second.pk}")
    first.refresh_from_db()
    assert first.is_done
    assert first.done_by == superuser

    # the pick list shows them ticked too
    page.goto(f"/admin/parcels/shipment/{shipment.pk}/pick-list/")
    assert page.is_checked(f"#extra-{first.pk}")
    assert page.is_checked(f"#extra-{second.pk}")

    page.goto(f"/admin/parcels/shipment/{shipment.pk}/pack/")
    page.fill("input[name=weight_g]", "2600")
    page.fill("input[name=length_cm]", "40")
    page.fill("input[name=width_cm]", "30")
    page.fill("input[name=height_cm]", "25")
    page.click("[data-testid=pack-form] input[type=submit]")
    page.wait_for_selector("[data-testid=ship-form]")
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKED


def test_prices_follow_the_ticked_parcels_without_a_round_trip(
    page, user, address, carrier_service, parcel_factory
):
    heavy = parcel_factory(
        owner=user,
        weight_g=9000,
        items=[{"description": "Kettlebell", "quantity": 1, "unit_value": 7000}],
    )
    parcel_factory(
        owner=user, weight_g=500, items=[{"description": "Socks", "quantity": 1, "unit_value": 800}]
    )
    login_in_browser(page, user.email)
    page.goto("/parcels/shipments/new/")
    services_text = page.inner_text("[data-live=services]")
    assert page.inner_text("[data-testid=declared-value]") == "¥7,800"
    page.evaluate("() => { window.samePage = true; }")

    page.uncheck(f"input[name=parcels][value='{heavy.pk}']")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=declared-value]').innerText === '¥800'"
    )

    assert page.evaluate("() => window.samePage") is True  # no navigation: updated in place
    assert page.inner_text("[data-live=services]") != services_text
    assert page.inner_text("[data-live-status]") == "Prices updated."
    assert "Kettlebell" not in page.inner_text("[data-testid=customs]")
