"""Every page the axe run checks, at a phone's 375 px and a laptop's 1280 px, in Chromium: nothing
wider than the screen, so nothing needs horizontal scrolling (tables become stacked rows on
phones). Screenshots of both widths go to test-artifacts/screens/ for a person to look at."""

from pathlib import Path

import pytest

from tests.conftest import login_in_browser
from tests.factories import PASSWORD
from tests.platform.test_accessibility import ANONYMOUS_PAGES, CUSTOMER_PAGES

SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
WIDTHS = (375, 1280)
# The pages a customer opens most: screenshots of these at both widths.
MAIN_PAGES = {
    "home", "accounts:dashboard", "parcels:list", "parcels:declare", "parcels:detail",
    "parcels:ship", "billing:invoices", "billing:statement", "privacy:home",
}  # fmt: skip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && getComputedStyle(el).position !== 'absolute')
      wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
                `${typeof el.className === 'string' && el.className ? '.' + el.className : ''}` +
                ` right=${Math.round(box.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def overflowing(browser, live_server, width: int, pages: dict[str, str], email: str | None):
    context = browser.new_context(
        locale="en-US", base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    found = {}
    try:
        if email:
            login_in_browser(page, email, PASSWORD)
        for name, path in pages.items():
            response = page.goto(path)
            assert response.status == 200, f"{name} {path}: {response.status}"
            result = page.evaluate(OVERFLOW)
            if result["scroll"] > result["width"]:
                found[f"{width}px {name} {path}"] = result
            if name in MAIN_PAGES:
                SCREENS.mkdir(parents=True, exist_ok=True)
                shot = SCREENS / f"{name.replace(':', '-')}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 1000
    finally:
        context.close()
    return found


def test_no_page_scrolls_sideways_on_a_phone_or_a_laptop(
    browser_instance, live_server, held_parcel, page_ids
):
    owner = held_parcel.owner
    pages = {name: path.format(**page_ids) for name, path in CUSTOMER_PAGES.items()}
    found = {}
    for width in WIDTHS:
        found |= overflowing(browser_instance, live_server, width, ANONYMOUS_PAGES, None)
        found |= overflowing(browser_instance, live_server, width, pages, owner.email)

    assert found == {}, "\n".join(f"{where}: {result}" for where, result in found.items())
