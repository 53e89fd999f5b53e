"""Tracking factories: shipments already handed to the carrier (rows in a given state, as the
other apps' factories make them), with a parcel inside."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from parcels.models import Shipment
from parcels.states import ParcelStatus, ShipmentStatus
from tests.factories import UserFactory
from tests.parcels.factories import ParcelFactory

_numbers = count(1)


def shipped_shipment(
    *,
    service,
    user=None,
    tracking_number: str | None = None,
    shipped_days_ago: float = 1,
    status: str = ShipmentStatus.SHIPPED,
    declared_value: int = 20000,
    insurance_amount: int = 0,
) -> Shipment:
    user = user or UserFactory()
    shipped_at = timezone.now() - timedelta(days=shipped_days_ago)
    shipment = Shipment.objects.create(
        user=user,
        destination_country="US",
        service=service,
        status=status,
        tracking_number=tracking_number or f"EJ{next(_numbers):09d}JP",
        shipped_at=shipped_at,
        delivered_at=shipped_at if status == ShipmentStatus.DELIVERED else None,
        declared_value=Decimal(declared_value),
        insurance_amount=Decimal(insurance_amount),
        recipient_name="Alice Example",
        recipient_address="1 Main St\nBrooklyn NY 11201",
    )
    shipment.parcels.add(ParcelFactory(owner=user, status=ParcelStatus.SHIPPED))
    return shipment
