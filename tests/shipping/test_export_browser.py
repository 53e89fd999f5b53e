"""The rate export page's "Select all" toggle works under the site's CSP (no inline handlers)."""

import pytest

from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_select_all_toggles_the_export_fields(page, superuser):
    login_in_browser(page, superuser.email)
    page.goto("/admin/shipping/rate/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() >= 2
    assert all(fields.nth(i).is_checked() for i in range(fields.count()))

    page.uncheck("input.select-toggle")

    assert not any(fields.nth(i).is_checked() for i in range(fields.count()))
    page.check("input.select-toggle")
    assert all(fields.nth(i).is_checked() for i in range(fields.count()))
