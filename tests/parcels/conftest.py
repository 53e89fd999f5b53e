from decimal import Decimal

import pytest

from billing import services as billing_services
from billing.models import Invoice
from parcels import services
from parcels.states import Category
from tests.parcels.factories import ParcelFactory
from tests.shipping.factories import CarrierServiceFactory, price_list

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
    """EMS with a real price list in effect: one zone (CN, US), weight steps up to 30 kg."""
    service = CarrierServiceFactory(
        code="ems",
        name="EMS",
        carrier="Japan Post",
        tracking_url="https://trackings.post.japanpost.jp/?q={number}",
        max_weight_g=30000,
        position=1,
    )
    price_list(service=service)
    return service


@pytest.fixture
def sea_mail(db):
    """A light service (2 kg at most) with its own price list."""
    service = CarrierServiceFactory(
        code="sea", name="Sea mail", carrier="Japan Post", max_weight_g=2000, position=2
    )
    price_list(service=service, steps=((1000, 900), (2000, 1500)))
    return service


@pytest.fixture
def pay_shipment(settings):
    """The customer pays the shipment's invoice as they would on the site without Stripe keys:
    billing's labelled test payment tops up the balance and pays the invoice from it."""
    settings.STRIPE_SECRET_KEY = ""

    def pay(shipment) -> Invoice:
        invoice = Invoice.objects.get(shipment_id=shipment.pk, kind=Invoice.Kind.SHIPMENT)
        payment = billing_services.invoice_checkout_start(
            invoice_id=invoice.pk,
            user_id=shipment.user_id,
            use_balance=Decimal(0),
            success_url="http://testserver/paid/",
            cancel_url="http://testserver/",
        )
        billing_services.test_payment_complete(
            payment_number=payment.number, user_id=shipment.user_id
        )
        invoice.refresh_from_db()
        return invoice

    return pay


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
