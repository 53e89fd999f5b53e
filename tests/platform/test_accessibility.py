"""axe-core on the customer pages, in a real browser: 0 violations of any impact.

axe-core is vendored in tests/assets/axe/ (see its README) and injected with Playwright. One browser
context per visitor and language, the pages visited in turn, and one assertion listing everything:
the whole run stays well under a minute."""

from pathlib import Path

import pytest

from parcels import services
from parcels.states import InspectionResult
from tests.conftest import login_in_browser
from tests.factories import PASSWORD, AddressFactory, StaffFactory, UserFactory
from tests.shipping.factories import CarrierServiceFactory, price_list

AXE = Path(__file__).resolve().parents[1] / "assets" / "axe" / "axe.min.js"

# URL name -> path; `{held}` is a parcel on hold (its declaration form is on the page).
ANONYMOUS_PAGES = {
    "home": "/",
    "account_signup": "/accounts/signup/",
    "account_login": "/accounts/login/",
    "billing:rates": "/billing/rates/",
}
CUSTOMER_PAGES = {
    "accounts:dashboard": "/me/",
    "parcels:list": "/parcels/",
    "parcels:declare": "/parcels/declare/",
    "parcels:detail": "/parcels/{held}/",
    "parcels:ship": "/parcels/shipments/new/",
    "billing:invoices": "/billing/",
    "billing:statement": "/billing/statement/",
    "accounts:profile": "/me/profile/",
    "accounts:addresses": "/me/addresses/",
    "privacy:home": "/privacy/",
}
# The pages whose text differs most between languages, checked again in Chinese and Japanese.
OTHER_LANGUAGES = {
    "zh-CN": ["parcels:declare", "privacy:home"],
    "ja-JP": ["parcels:declare", "privacy:home"],
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page, one readable line per rule and element."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{rule['id']} ({rule['impact']}): {node['target']} {node['failureSummary'][:200]!r}"
        for rule in result["violations"]
        for node in rule["nodes"]
    ]


def check(browser, live_server, locale: str, pages: dict[str, str], email: str | None = None):
    # bypass_csp: axe is injected as an inline script, which the site's CSP rightly forbids.
    context = browser.new_context(locale=locale, base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    found = {}
    try:
        if email:
            login_in_browser(page, email, PASSWORD)
        for name, path in pages.items():
            response = page.goto(path)
            assert response.status == 200, f"{name} {path}: {response.status}"
            if violations := axe_violations(page):
                found[f"{locale} {name} {path}"] = violations
    finally:
        context.close()
    return found


@pytest.fixture
def held_parcel(db):
    customer = UserFactory(email="axe@example.com")
    AddressFactory(user=customer)
    staff = StaffFactory()
    parcel = services.declaration_create(
        user=customer,
        tracking_number="1111-2222-3333",
        carrier="yamato",
        shop_name="Amazon JP",
        items=[
            {
                "description": "Wool sweater",
                "category": "clothing",
                "quantity": 1,
                "unit_value": 8000,
            }
        ],
    )
    services.parcel_intake(
        tracking_number=parcel.tracking_number,
        weight_g=1500,
        length_cm=30,
        width_cm=20,
        height_cm=10,
        bin_location="A-01",
        actor=staff,
    )
    services.parcel_inspect(
        parcel_id=parcel.pk, result=InspectionResult.MISMATCH, actor=staff, notes="2 sweaters"
    )
    price_list(service=CarrierServiceFactory(code="ems", name="EMS", max_weight_g=30000))
    return parcel


def test_customer_pages_have_no_axe_violations(browser_instance, live_server, held_parcel):
    email = held_parcel.owner.email
    pages = {name: path.format(held=held_parcel.pk) for name, path in CUSTOMER_PAGES.items()}
    found = check(browser_instance, live_server, "en-US", ANONYMOUS_PAGES)
    found |= check(browser_instance, live_server, "en-US", pages, email)
    for locale, names in OTHER_LANGUAGES.items():
        found |= check(browser_instance, live_server, locale, {n: pages[n] for n in names}, email)

    assert found == {}, "\n".join(f"{where}:\n  " + "\n  ".join(v) for where, v in found.items())
