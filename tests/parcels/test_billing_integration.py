"""Parcels against the real billing contract (no stubs): quotes at request time, the invoice at
packing, the paid check before shipping, disposal proceeds to settlement."""

import pytest

from parcels import services
from parcels.states import InspectionResult
from tests.billing.factories import price_list
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced_service(carrier_service):
    price_list(service=carrier_service)
    return carrier_service


def test_a_shipment_takes_billings_quote_is_invoiced_when_packed_and_waits_for_payment(
    user, parcel_factory, address, priced_service, staff_user
):
    from billing.models import Invoice

    parcel = parcel_factory(owner=user)

    shipment = services.shipment_request(
        user=user,
        parcel_ids=[parcel.pk],
        recipient_id=address.pk,
        service_id=priced_service.pk,
        customs_confirmed=True,
    )
    services.shipment_pack(
        shipment_id=shipment.pk,
        weight_g=1500,
        length_cm=30,
        width_cm=20,
        height_cm=12,
        actor=staff_user,
    )

    assert shipment.quoted_price is not None
    assert Invoice.objects.filter(shipment_id=shipment.pk).exists()
    with pytest.raises(DomainError, match="not paid"):
        services.shipment_ship(
            shipment_id=shipment.pk, tracking_number="EJ123456789JP", actor=staff_user
        )


def test_a_disposal_sale_is_settled_by_billing(stored_parcel, staff_user):
    from billing.models import Settlement

    services.parcel_inspect(
        parcel_id=stored_parcel.pk, result=InspectionResult.PROHIBITED, actor=staff_user
    )
    services.parcel_send_to_disposal(parcel_id=stored_parcel.pk, actor=staff_user)

    services.parcel_dispose(
        parcel_id=stored_parcel.pk, method="sold", sale_price=20000, actor=staff_user
    )

    assert Settlement.objects.filter(parcel_id=stored_parcel.pk).count() == 1
