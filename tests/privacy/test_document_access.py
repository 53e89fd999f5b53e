"""Documents with personal data (issue 11, item 5): packing documents print the recipient in full,
receipts the customer's name, intake photos show what the customer bought. Each is served only to
the roles whose work needs it, and every staff download is a logged unmasked view that the
customer sees; the customer's own downloads are not logged. The expected outcome per role is
data, one row per document."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from billing import views as billing_views
from parcels.models import ParcelPhoto
from privacy.models import PersonalDataAccess
from tests.billing.factories import InvoiceFactory, packed_shipment
from tests.factories import StaffFactory, UserFactory
from tests.parcels.factories import ParcelFactory
from tests.shipping.factories import CarrierServiceFactory

pytestmark = pytest.mark.django_db

W, S, F, SU, OWNER, OTHER, ANON = (
    "Warehouse staff",
    "Support agent",
    "Finance",
    "superuser",
    "owner",
    "another customer",
    "anonymous",
)

# document -> role -> HTTP status. 302 is the login page (admin or site); 404 hides that the
# document exists from those who may not see it.
EXPECTED = {
    "waybill": {W: 200, S: 403, F: 403, SU: 200, OWNER: 302, OTHER: 302, ANON: 302},
    "customs": {W: 200, S: 403, F: 403, SU: 200, OWNER: 302, OTHER: 302, ANON: 302},
    "pick list": {W: 200, S: 403, F: 403, SU: 200, OWNER: 302, OTHER: 302, ANON: 302},
    "photo": {W: 200, S: 200, F: 404, SU: 200, OWNER: 200, OTHER: 404, ANON: 302},
    "receipt": {W: 200, S: 200, F: 200, SU: 200, OWNER: 200, OTHER: 404, ANON: 302},
}
STAFF = (W, S, F, SU)


@pytest.fixture
def world(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    owner = UserFactory(full_name="Zhang Weiming")
    shipment = packed_shipment(user=owner, service=CarrierServiceFactory())
    parcel = ParcelFactory(owner=owner)
    photo = ParcelPhoto.objects.create(
        parcel=parcel, image=SimpleUploadedFile("p.jpg", b"\xff\xd8\xff\xe0fake", "image/jpeg")
    )
    invoice = InvoiceFactory(user=owner, total=Decimal(1200))
    users = {
        W: StaffFactory(groups=[W]),
        S: StaffFactory(groups=[S]),
        F: StaffFactory(groups=[F]),
        SU: StaffFactory(is_superuser=True),
        OWNER: owner,
        OTHER: UserFactory(),
        ANON: None,
    }
    urls = {
        "waybill": reverse("admin:parcels_shipment_waybill", args=[shipment.pk]),
        "customs": reverse("admin:parcels_shipment_customs", args=[shipment.pk]),
        "pick list": reverse("admin:parcels_shipment_pick_list", args=[shipment.pk]),
        "photo": reverse("parcels:photo", args=[photo.pk]),
        "receipt": reverse("billing:receipt", args=[invoice.pk]),
    }
    return owner, users, urls


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("document", sorted(EXPECTED))
def test_each_document_answers_each_role_as_the_table_says(world, document):
    owner, users, urls = world
    for role, expected in EXPECTED[document].items():
        before = PersonalDataAccess.objects.count()
        response = _client(users[role]).get(urls[document])
        assert response.status_code == expected, (document, role)
        logged = PersonalDataAccess.objects.count() - before
        if role in STAFF and expected == 200 and not (document == "receipt" and role in (W, F)):
            # a staff download with the person's data in full is logged, naming who and whose
            assert logged == 1, (document, role)
            access = PersonalDataAccess.objects.latest("pk")
            assert (access.staff_id, access.subject_id) == (users[role].pk, owner.pk)
        else:
            assert logged == 0, (document, role)


def test_a_receipt_names_the_customer_in_full_only_to_staff_who_may_see_personal_data(
    world, monkeypatch
):
    _owner, users, urls = world
    names = []
    real = billing_views.receipt_pdf

    def recording(*, invoice, customer_name=None):
        names.append(customer_name)
        return real(invoice=invoice, customer_name=customer_name)

    monkeypatch.setattr(billing_views, "receipt_pdf", recording)
    for role in (F, W, S, OWNER):
        assert _client(users[role]).get(urls["receipt"]).status_code == 200

    # Finance and the warehouse get "Z*** W***"; support (who may unmask) and the owner the name
    assert names == ["Z*** W***", "Z*** W***", None, None]


def test_the_customer_sees_every_staff_download_in_their_privacy_page(world):
    owner, users, urls = world
    _client(users[W]).get(urls["waybill"])
    _client(users[S]).get(urls["photo"])

    page = _client(owner).get(reverse("privacy:home")).content.decode()

    assert "parcels.Shipment #" in page
    assert "parcels.ParcelPhoto #" in page
