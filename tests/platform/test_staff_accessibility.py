"""axe-core on the staff screens we built (intake, the hold desk, disposal, packing, the privacy
and finance screens) and the admin pages around them, as the staff member who works them, in all
three languages: 0 violations of any impact."""

import pytest

from parcels.models import Shipment
from privacy.models import PrivacyRequest
from tests.factories import StaffFactory
from tests.platform.test_accessibility import check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_PAGES = {
    "admin:index": "/admin/",
    "admin:parcels_parcel_changelist": "/admin/parcels/parcel/",
    "admin:parcels_parcel_intake": "/admin/parcels/parcel/intake/",
    "admin:parcels_parcel_desk": "/admin/parcels/parcel/{held}/desk/",
    "admin:parcels_parcel_disposal": "/admin/parcels/parcel/disposal/",
    "admin:parcels_shipment_packing": "/admin/parcels/shipment/packing/",
    "admin:parcels_shipment_pack": "/admin/parcels/shipment/{shipment}/pack/",
    "admin:parcels_shipment_pick_list": "/admin/parcels/shipment/{shipment}/pick-list/",
    "admin:privacy_privacyrequest_changelist": "/admin/privacy/privacyrequest/",
    "admin:privacy_privacyrequest_change": "/admin/privacy/privacyrequest/{privacy}/change/",
    "admin:billing_invoice_changelist": "/admin/billing/invoice/",
    "admin:billing_invoice_special_expense": "/admin/billing/invoice/special-expense/",
    "admin:billing_ledgerentry_adjust": "/admin/billing/ledgerentry/adjust/",
}
LOCALES = ("en-US", "ja-JP", "zh-CN")


def test_the_staff_screens_have_no_axe_violations(
    browser_instance, live_server, held_parcel, page_ids
):
    ids = page_ids | {
        "privacy": PrivacyRequest.objects.get(user=held_parcel.owner).pk,
        "shipment": Shipment.objects.get(user=held_parcel.owner).pk,
    }
    staff = StaffFactory(email="staff-axe@example.com", is_superuser=True)
    pages = {name: path.format(**ids) for name, path in STAFF_PAGES.items()}
    found = {}
    for locale in LOCALES:
        found |= check(browser_instance, live_server, locale, pages, staff.email)

    assert found == {}, "\n".join(f"{where}:\n  " + "\n  ".join(v) for where, v in found.items())
