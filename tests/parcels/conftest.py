import pytest

from parcels import services
from parcels.states import Category
from tests.parcels.factories import ParcelFactory

ITEMS = [
    {
        "description": "Wool sweater",
        "category": Category.CLOTHING,
        "quantity": 1,
        "unit_value": 8000,
    },
    {"description": "Manga vol. 1-3", "category": Category.BOOKS, "quantity": 3, "unit_value": 500},
]


@pytest.fixture
def items():
    return [dict(line) for line in ITEMS]


@pytest.fixture
def carrier_service(db):
    from billing.models import CarrierService

    return CarrierService.objects.create(
        code="ems",
        name="EMS",
        carrier="Japan Post",
        tracking_url="https://trackings.post.japanpost.jp/?q={number}",
        max_weight_g=30000,
    )


@pytest.fixture
def sea_mail(db):
    from billing.models import CarrierService

    return CarrierService.objects.create(
        code="sea", name="Sea mail", carrier="Japan Post", max_weight_g=2000, position=2
    )


@pytest.fixture
def declared_parcel(user, items):
    return services.declaration_create(
        user=user,
        tracking_number="1234-5678-9012",
        carrier="yamato",
        shop_name="Amazon JP",
        items=items,
    )


@pytest.fixture
def stored_parcel(declared_parcel, staff_user):
    return services.parcel_intake(
        tracking_number=declared_parcel.tracking_number,
        weight_g=1500,
        length_cm=30,
        width_cm=20,
        height_cm=10,
        bin_location="A-01",
        actor=staff_user,
    )


@pytest.fixture
def parcel_factory(db):
    return ParcelFactory


@pytest.fixture
def no_billing(monkeypatch):
    """Parcels' view of a tree where billing has not landed its contract functions."""
    from parcels.services import partners

    monkeypatch.setattr(partners, "service_quotes", lambda **kwargs: None)
    monkeypatch.setattr(partners, "shipment_invoice_issue", lambda **kwargs: None)
    monkeypatch.setattr(partners, "shipment_is_paid", lambda **kwargs: True)
    monkeypatch.setattr(partners, "disposal_settle", lambda **kwargs: None)
