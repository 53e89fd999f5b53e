"""axe-core on the customer pages, in a real browser: 0 violations of any impact.

axe-core is vendored in tests/assets/axe/ (see its README) and injected with Playwright. One browser
context per visitor and language, the pages visited in turn, and one assertion listing everything:
the whole run stays well under a minute."""

from pathlib import Path

import pytest

from tests.conftest import login_in_browser
from tests.factories import PASSWORD

AXE = Path(__file__).resolve().parents[1] / "assets" / "axe" / "axe.min.js"

# URL name -> path; `{held}` is a parcel on hold (its declaration form is on the page),
# `{address}` one of its owner's recipients, `{expected}` a declaration not yet received,
# `{shipment}` a requested shipment, `{invoice}` an open invoice, `{conversation}` a support
# conversation with an attachment and a reply; a service notice banner shows on every page
# (tests/platform/conftest.py).
ANONYMOUS_PAGES = {
    "home": "/",
    "account_signup": "/accounts/signup/",
    "account_login": "/accounts/login/",
    "billing:rates": "/billing/rates/",
    "support:compromised_by_email": "/support/password-known/report/",
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
    "accounts:address_delete": "/me/addresses/{address}/delete/",
    "privacy:home": "/privacy/",
    "accounts:legal": "/me/legal/terms/",
    "accounts:phone": "/me/phone/",
    "accounts:address_add": "/me/addresses/new/",
    "accounts:address_edit": "/me/addresses/{address}/",
    "accounts:marketing": "/me/marketing/",
    "accounts:security": "/me/security/",
    "accounts:withdraw": "/me/close/",
    "notifications:inbox": "/messages/",
    "parcels:shipments": "/parcels/shipments/",
    "parcels:track": "/parcels/track/",
    "billing:bank_account": "/billing/bank-account/",
    "parcels:edit": "/parcels/{expected}/edit/",
    "parcels:shipment": "/parcels/shipments/{shipment}/",
    "parcels:cancel": "/parcels/shipments/{shipment}/cancel/",
    "billing:invoice": "/billing/invoices/{invoice}/",
    "support:list": "/support/",
    "support:new": "/support/new/?parcel={held}",
    "support:detail": "/support/{conversation}/",
    "support:compromised": "/support/password-known/",
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


def test_customer_pages_have_no_axe_violations(
    browser_instance, live_server, held_parcel, page_ids
):
    email = held_parcel.owner.email
    pages = {name: path.format(**page_ids) for name, path in CUSTOMER_PAGES.items()}
    found = check(browser_instance, live_server, "en-US", ANONYMOUS_PAGES)
    found |= check(browser_instance, live_server, "en-US", pages, email)
    for locale, names in OTHER_LANGUAGES.items():
        found |= check(browser_instance, live_server, locale, {n: pages[n] for n in names}, email)

    assert found == {}, "\n".join(f"{where}:\n  " + "\n  ".join(v) for where, v in found.items())


def test_the_sign_up_page_has_no_list_inside_a_paragraph(client):
    page = client.get("/accounts/signup/").content.decode()

    assert "<ul" not in page.split('name="password1"')[1].split("</p>")[0]


# Customer routes that are not pages to check with axe, and why.
NOT_PAGES = {
    "healthz": "JSON for the load balancer",
    "readyz": "JSON for the load balancer",
    "metrics": "Prometheus text for the scraper, behind a token",
    "favicon": "an image",
    "set_language": "POST only (the language switcher)",
    "accounts:legal_accept": "POST only",
    "accounts:cookie_consent": "POST only",
    "notifications:mark-all-read": "POST only",
    "parcels:photo": "an image",
    "billing:receipt": "a PDF",
    "billing:invoice_pay": "POST only",
    "billing:invoice_coupon": "POST only",
    "billing:invoice_points": "POST only",
    "billing:invoice_approve": "POST only",
    "billing:currency": "POST only",
    "billing:stripe_webhook": "Stripe's webhook",
    "privacy:request_withdraw": "POST only",
    "privacy:request_download": "POST only, answers a file",
    "privacy:export_download": "a file",
    "parcels:resolve": "POST only (the hold form is on the parcel's page)",
    "parcels:extra": "POST only (the extras form is on the parcel's page)",
    "support:attachment": "a file (an image or a PDF)",
    "support:notice_dismiss": "POST only (the notice banner's button)",
    "support:inbound_mailgun": "the inbound email provider's webhook",
}
# Pages not yet in the axe run (issue 20 asks for all of them); a new page must be added to the
# axe run or here, with a reason.
NOT_YET_CHECKED = {
    "accounts:guardian_consent", "accounts:guardian_consent_confirm", "notifications:unsubscribe",
    "billing:test_payment", "billing:settlement",
}  # fmt: skip


def customer_route_names(resolver=None, namespace: str = "") -> set[str]:
    """The URLconf's named routes outside the admin, the API and allauth's other screens."""
    from django.urls import URLResolver, get_resolver

    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        prefix = str(entry.pattern)
        if prefix.startswith(("admin/", "api/")):
            continue
        if isinstance(entry, URLResolver):
            if prefix == "accounts/":  # allauth: only its login and sign-up are customer pages
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= customer_route_names(entry, inner)
        elif entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_customer_route_is_in_the_axe_run_or_excluded_with_a_reason():
    checked = set(ANONYMOUS_PAGES) | set(CUSTOMER_PAGES)
    routes = customer_route_names()

    missing = routes - checked - set(NOT_PAGES) - NOT_YET_CHECKED
    assert not missing, f"add these pages to the axe run in {__file__}: {sorted(missing)}"
    stale = (
        (checked | set(NOT_PAGES) | NOT_YET_CHECKED) - routes - {"account_signup", "account_login"}
    )
    assert not stale, f"no such routes any more: {sorted(stale)}"
