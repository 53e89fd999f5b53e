"""Billing factories: invoices, coupons, a packed shipment, a disposed parcel (the price list's
are in tests/shipping/factories.py)."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from billing.models import Coupon, Invoice
from billing.states import InvoiceStatus
from shipping import selectors as shipping_selectors
from shipping.models import CarrierService
from tests.factories import UserFactory


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    number = factory.Sequence(lambda n: f"INV-T-{n:05d}")
    user = factory.SubFactory(UserFactory)
    kind = Invoice.Kind.SPECIAL
    status = InvoiceStatus.OPEN
    total = Decimal(5000)
    due_date = factory.LazyFunction(lambda: date(2030, 1, 1))


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coupon

    code = factory.Sequence(lambda n: f"WELCOME{n}")
    kind = Coupon.Kind.FIXED
    value = Decimal(500)
    valid_from = factory.LazyFunction(timezone.now)


def packed_shipment(
    *,
    user,
    service: CarrierService,
    parcel_weights: tuple[int, ...] = (400, 400),
    packed_weight_g: int = 1100,
    packed_sides: tuple[int, int, int] = (20, 15, 10),
    quoted_price: Decimal | None = None,
    insurance_amount: Decimal = Decimal(0),
    received_days_ago: int = 5,
    country: str = "CN",
):
    """A packed shipment built directly (parcels test their own flows)."""
    from datetime import timedelta

    from parcels.models import Parcel, Shipment
    from parcels.states import ParcelStatus, ShipmentStatus

    received = timezone.now() - timedelta(days=received_days_ago)
    parcels = [
        Parcel.objects.create(
            owner=user,
            status=ParcelStatus.PACKED,
            received_at=received,
            weight_g=weight,
            length_cm=20,
            width_cm=15,
            height_cm=5,
        )
        for weight in parcel_weights
    ]
    estimate = shipping_selectors.box_estimate(parcels=parcels)
    shipment = Shipment.objects.create(
        user=user,
        destination_country=country,
        service=service,
        status=ShipmentStatus.PACKED,
        estimated_weight_g=estimate.weight_g,
        estimated_length_cm=estimate.length_cm,
        estimated_width_cm=estimate.width_cm,
        estimated_height_cm=estimate.height_cm,
        quoted_price=quoted_price,
        insurance_amount=insurance_amount,
        packed_weight_g=packed_weight_g,
        packed_length_cm=packed_sides[0],
        packed_width_cm=packed_sides[1],
        packed_height_cm=packed_sides[2],
    )
    shipment.parcels.set(parcels)
    return shipment


def disposed_parcel(*, user, received_days_ago: int):
    from datetime import timedelta

    from parcels.models import Parcel
    from parcels.states import ParcelStatus

    return Parcel.objects.create(
        owner=user,
        status=ParcelStatus.DISPOSED,
        received_at=timezone.now() - timedelta(days=received_days_ago),
        weight_g=1000,
        length_cm=20,
        width_cm=20,
        height_cm=20,
    )
