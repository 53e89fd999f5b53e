"""Fixtures shared by the page-wide checks (axe, the HTML validator, phone layouts)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from parcels import services
from parcels.states import InspectionResult
from privacy.services import privacy_request_create
from support import services as support_services
from support.models import ServiceNotice
from tests.billing.factories import InvoiceFactory
from tests.factories import AddressFactory, StaffFactory, UserFactory
from tests.shipping.factories import CarrierServiceFactory, price_list


@pytest.fixture
def held_parcel(db):
    customer = UserFactory(email="axe@example.com")
    AddressFactory(user=customer, label="Mum")
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
    privacy_request_create(user=customer, kind="correction", details="My name is misspelt")
    ems = CarrierServiceFactory(code="ems", name="EMS", max_weight_g=30000)
    price_list(service=ems)
    # A declaration not yet received (its edit page) and a requested shipment (its page and
    # the cancel confirmation) with an invoice.
    services.declaration_create(
        user=customer,
        tracking_number="5555-6666-7777",
        carrier="sagawa",
        shop_name="Mercari",
        items=[{"description": "Manga", "category": "books", "quantity": 3, "unit_value": 500}],
    )
    boxed = services.declaration_create(
        user=customer,
        tracking_number="8888-9999-0000",
        carrier="yamato",
        shop_name="Rakuten",
        items=[{"description": "Figure", "category": "toys", "quantity": 1, "unit_value": 4000}],
    )
    services.parcel_intake(
        tracking_number=boxed.tracking_number,
        weight_g=800,
        length_cm=20,
        width_cm=15,
        height_cm=10,
        bin_location="A-02",
        actor=staff,
    )
    services.shipment_request(
        user=customer,
        parcel_ids=[boxed.pk],
        recipient_id=customer.addresses.get().pk,
        service_id=ems.pk,
        customs_confirmed=True,
        customs_category="gift",
    )
    InvoiceFactory(user=customer)
    # A support conversation about the held parcel, with a photo and an answer, and a notice
    # shown as a banner on every page.
    conversation = support_services.conversation_open(
        user=customer,
        subject="Is it the right sweater?",
        body="Two sweaters?",
        topic="parcel",
        object_id=parcel.pk,
        attachments=[SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n", "image/png")],
    )
    support_services.conversation_agent_reply(
        agent=staff, conversation_id=conversation.pk, body="We are checking."
    )
    ServiceNotice.objects.create(
        kind="holiday",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=1),
        published_at=timezone.now(),
        title_en="New Year closure",
        title_ja="年末年始休業",
        title_zh_hans="新年休业",
        text_en="The warehouse is closed from 29 December to 3 January.",
        text_ja="倉庫は12月29日から1月3日まで休業します。",
        text_zh_hans="仓库12月29日至1月3日休息。",
    )
    return parcel


@pytest.fixture
def page_ids(held_parcel) -> dict[str, int]:
    """The ids the checked pages' paths name (`{held}`, `{address}`, …)."""
    from billing.models import Invoice
    from parcels.models import Parcel, Shipment
    from parcels.states import ParcelStatus

    owner = held_parcel.owner
    return {
        "held": held_parcel.pk,
        "address": owner.addresses.get().pk,
        "expected": Parcel.objects.get(owner=owner, status=ParcelStatus.EXPECTED).pk,
        "shipment": Shipment.objects.get(user=owner).pk,
        "invoice": Invoice.objects.get(user=owner).pk,
        "conversation": owner.support_conversations.get().pk,
    }
