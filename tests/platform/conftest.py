"""Fixtures shared by the page-wide checks (axe, the HTML validator, phone layouts)."""

import pytest

from parcels import services
from parcels.states import InspectionResult
from privacy.services import privacy_request_create
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
    price_list(service=CarrierServiceFactory(code="ems", name="EMS", max_weight_g=30000))
    return parcel
