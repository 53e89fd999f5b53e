"""Parcels against the real billing contract (no stubs): quotes at request time, the invoice at
packing, the paid check before shipping, disposal proceeds to settlement."""

import pytest

from billing import selectors as billing_selectors
from billing.models import Invoice, InvoiceLine
from billing.states import InvoiceStatus
from parcels import selectors, services
from parcels.states import InspectionResult
from shipping import selectors as shipping_selectors
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def light_parcel(user, parcel_factory):
    """900 g: its own weight prices at the 1 kg step (¥1,900), the packed box estimate (900 g +
    the 300 g allowance) at the 2 kg step (¥3,000)."""
    return parcel_factory(owner=user, weight_g=900, length_cm=20, width_cm=15, height_cm=5)


def _request(user, parcel, address, service):
    return services.shipment_request(
        user=user,
        parcel_ids=[parcel.pk],
        recipient_id=address.pk,
        service_id=service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )


def _pack(shipment, staff_user, weight_g: int):
    services.shipment_pack(
        shipment_id=shipment.pk,
        weight_g=weight_g,
        length_cm=20,
        width_cm=15,
        height_cm=6,
        actor=staff_user,
    )
    return Invoice.objects.get(shipment_id=shipment.pk)


def test_a_shipment_takes_billings_quote_is_invoiced_when_packed_and_waits_for_payment(
    user, parcel_factory, address, carrier_service, staff_user
):
    parcel = parcel_factory(owner=user)

    shipment = services.shipment_request(
        user=user,
        parcel_ids=[parcel.pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )
    services.shipment_pack(
        shipment_id=shipment.pk,
        weight_g=1500,
        length_cm=30,
        width_cm=20,
        height_cm=12,
        actor=staff_user,
    )

    invoice = Invoice.objects.get(shipment_id=shipment.pk)
    assert shipment.quoted_price is not None
    assert invoice.quoted_price == shipment.quoted_price
    assert invoice.status == InvoiceStatus.OPEN
    assert invoice.amount_due == invoice.total > shipment.quoted_price  # plus the service fee
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


def test_the_quote_is_for_the_estimated_packed_box_not_the_bare_parcels(
    user, light_parcel, address, carrier_service
):
    box = shipping_selectors.box_estimate(
        parcels=[{"weight_g": 900, "length_cm": 20, "width_cm": 15, "height_cm": 5}]
    )
    expected = shipping_selectors.quote_price(
        service_id=carrier_service.pk, country="CN", **box.as_kwargs()
    ).price

    shipment = _request(user, light_parcel, address, carrier_service)

    assert box.weight_g == 1200
    assert shipment.quoted_price == expected == 3000
    options = selectors.service_options(parcels=[light_parcel], country="CN")
    assert [o.price for o in options if o.service == carrier_service] == [3000]


def test_a_box_packed_within_the_estimate_is_invoiced_at_the_quoted_price(
    user, light_parcel, address, carrier_service, staff_user
):
    shipment = _request(user, light_parcel, address, carrier_service)

    invoice = _pack(shipment, staff_user, weight_g=1150)

    carriage = invoice.lines.get(kind=InvoiceLine.Kind.CARRIAGE)
    assert invoice.status == InvoiceStatus.OPEN
    assert carriage.amount == shipment.quoted_price == 3000
    assert invoice.pricing["estimate_g"] == 1200


def test_a_box_much_heavier_than_the_estimate_waits_for_the_customers_approval(
    user, light_parcel, address, carrier_service, staff_user
):
    shipment = _request(user, light_parcel, address, carrier_service)

    invoice = _pack(shipment, staff_user, weight_g=2100)  # over 1200 g + the 300 g allowance

    assert invoice.status == InvoiceStatus.AWAITING_APPROVAL
    assert invoice.lines.get(kind=InvoiceLine.Kind.CARRIAGE).amount == 20000
    assert not billing_selectors.shipment_is_paid(shipment_id=shipment.pk)
