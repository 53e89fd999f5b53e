"""Keyboard only (issue 20): a customer logs in, declares a parcel, requests a shipment and pays
using nothing but Tab, Shift+Tab, Enter, Space, arrow keys and typing, in Chromium. On the way:
the skip link is the first stop on a page and moves the focus to the content, every focused
control shows a visible focus ring, and a failed submit puts the focus on the error summary,
whose links take the focus to the field to fix."""

import pytest

from billing.models import Invoice
from parcels import services
from parcels.models import Parcel, Shipment
from parcels.states import ParcelStatus
from tests.factories import PASSWORD
from tests.parcels.conftest import carrier_service  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE = "() => document.activeElement"


def focused(page, selector: str, text: str | None = None) -> bool:
    return page.evaluate(
        "([s, t]) => document.activeElement.matches(s)"
        " && (t === null || document.activeElement.innerText.trim() === t)",
        [selector, text],
    )


def ring(page) -> tuple[str, float]:
    """The focused element's outline: its style and width in px."""
    return tuple(
        page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
    )


def tab_to(page, selector: str, text: str | None = None, limit: int = 80) -> None:
    """Press Tab until the focus is on `selector` (failing after `limit` presses), checking the
    focus ring at every stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            continue
        style, width = ring(page)
        tag = page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)")
        assert style != "none", f"no focus ring on {tag}"
        assert width >= 2, f"a focus ring too thin to see on {tag}"
        if focused(page, selector, text):
            return
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose(page, selector: str, option_text: str) -> None:
    """Pick a <select> option with the keyboard: focus it and type the option's first letters."""
    tab_to(page, selector)
    page.keyboard.type(option_text)
    assert page.evaluate(
        "(s) => document.querySelector(s).selectedOptions[0].text", selector
    ).startswith(option_text)


def test_declare_request_and_pay_with_the_keyboard_only(
    page,
    user,
    address,
    carrier_service,  # noqa: F811
    staff_user,
    settings,
):
    settings.STRIPE_SECRET_KEY = ""  # billing's labelled test payment, no money moves

    # The skip link is the first stop and moves the focus to the content
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().top") >= 0
    page.keyboard.press("Enter")
    assert focused(page, "main#main")

    # Log in
    type_into(page, "input[name=login]", user.email)
    type_into(page, "input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/me/")

    # A declaration sent empty comes back with the focus on the error summary
    page.goto("/parcels/declare/")
    tab_to(page, "form.card button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=error-summary]")
    assert focused(page, "[data-testid=error-summary]")
    page.keyboard.press("Tab")
    assert focused(page, "[data-testid=error-summary] a")
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => '#' + document.activeElement.id") == target

    # Declare the parcel
    page.goto("/parcels/declare/")
    type_into(page, "input[name=shop_name]", "Amazon JP")
    choose(page, "select[name=carrier]", "Yamato")
    type_into(page, "input[name=tracking_number]", "4321-8765-0009")
    type_into(page, "input[name=items-0-description]", "Sneakers")
    choose(page, "select[name=items-0-category]", "Clothing")
    type_into(page, "input[name=items-0-quantity]", "1")
    type_into(page, "input[name=items-0-unit_value]", "12000")
    tab_to(page, "form.card button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=parcel-status]")
    parcel = Parcel.objects.get(owner=user)
    assert parcel.status == ParcelStatus.EXPECTED

    # (the warehouse receives it)
    services.parcel_intake(
        tracking_number=parcel.tracking_number, weight_g=1200, length_cm=30, width_cm=20,
        height_cm=10, bin_location="A-01", actor=staff_user,
    )  # fmt: skip

    # Request the shipment: the service, gift, confirm (Space), then Enter on the request button
    page.goto("/parcels/shipments/new/")
    tab_to(page, f"input[name=service][value='{carrier_service.pk}']")
    page.keyboard.press("Space")
    tab_to(page, "input[name=customs_category]")
    page.keyboard.press("Space")  # the first choice: gift
    tab_to(page, "input[name=customs_confirmed]")
    page.keyboard.press("Space")
    tab_to(page, "button[name=request]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=shipment-status]")
    shipment = Shipment.objects.get(user=user)
    assert shipment.customs_category == "gift"

    # (the warehouse packs it; billing issues the invoice)
    services.shipment_packing_start(shipment_id=shipment.pk, actor=staff_user)
    services.shipment_pack(
        shipment_id=shipment.pk, weight_g=1300, length_cm=32, width_cm=22, height_cm=12,
        actor=staff_user,
    )  # fmt: skip
    invoice = Invoice.objects.get(shipment=shipment)

    # Pay: from the shipment page to the invoice, "Pay now", then the test payment
    page.goto(f"/parcels/shipments/{shipment.pk}/")
    tab_to(page, "[data-testid=invoices] a", invoice.number)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=invoice-status]")
    tab_to(page, "button", "Pay now")
    page.keyboard.press("Enter")
    page.wait_for_url("**/test/")
    tab_to(page, "button", "Complete test payment")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/billing/invoices/{invoice.pk}/")
    assert page.inner_text("[data-testid=invoice-status]") == "Paid"
    invoice.refresh_from_db()
    assert invoice.amount_due == 0
