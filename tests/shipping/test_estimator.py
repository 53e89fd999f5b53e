"""The one box estimator and the one set of service limits: the quote, the shipment request and
billing's invoice all see the same box and refuse with the same reason."""

from decimal import Decimal

import pytest
from constance.test import override_config

from parcels import selectors as parcels_selectors
from parcels import services as parcels_services
from parcels.models import Shipment
from parcels.services.shipments import shipment_invoice_request
from shipping import selectors
from shipping.selectors import Box
from tests.parcels.factories import ParcelFactory
from tests.shipping.factories import CarrierServiceFactory, price_list
from transship.errors import DomainError

pytestmark = pytest.mark.django_db

SIZES = [
    {"weight_g": 1200, "length_cm": 30, "width_cm": 20, "height_cm": 10},
    {"weight_g": 800, "length_cm": 15, "width_cm": 35, "height_cm": 8},
    {"weight_g": 450, "length_cm": 6, "width_cm": 22, "height_cm": 18},
]


def _request(user, parcels, address, service, **kwargs) -> Shipment:
    return parcels_services.shipment_request(
        user=user,
        parcel_ids=[p.pk for p in parcels],
        recipient_id=address.pk,
        service_id=service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
        **kwargs,
    )


@override_config(PACKING_ALLOWANCE_G=250)
def test_the_box_is_the_parcels_plus_the_allowance_with_the_short_sides_stacked():
    box = selectors.box_estimate(parcels=SIZES)

    # longest sides 30/35/22 → 35; middle 20/15/18 → 20; short sides 10 + 8 + 6 = 24
    assert box == Box(weight_g=1200 + 800 + 450 + 250, length_cm=35, width_cm=24, height_cm=20)


def test_parcel_objects_and_quote_dicts_give_the_same_box(user):
    parcels = [ParcelFactory(owner=user, **size) for size in SIZES]

    assert selectors.box_estimate(parcels=parcels) == selectors.box_estimate(parcels=SIZES)


def test_the_quote_and_the_shipments_stored_box_agree_for_the_same_parcels(
    user, address, ems, api_client
):
    parcels = [ParcelFactory(owner=user, **size) for size in SIZES]
    quoted = api_client.post(
        "/api/v1/quotes/", {"country": address.country.code, "parcels": SIZES}, format="json"
    )

    shipment = _request(user, parcels, address, ems)

    shipment.refresh_from_db()
    stored = Box(
        weight_g=shipment.estimated_weight_g,
        length_cm=shipment.estimated_length_cm,
        width_cm=shipment.estimated_width_cm,
        height_cm=shipment.estimated_height_cm,
    )
    assert stored == selectors.box_estimate(parcels=SIZES)
    ems_quote = next(q for q in quoted.json()["quotes"] if q["service"] == "ems")
    assert Decimal(ems_quote["price_jpy"]) == shipment.quoted_price
    options = parcels_selectors.service_options(parcels=parcels, country=address.country.code)
    assert [o.price for o in options if o.service == ems] == [shipment.quoted_price]


def test_the_invoice_measures_the_guarantee_against_the_stored_box(user, address, ems, staff_user):
    parcel = ParcelFactory(owner=user, weight_g=900, length_cm=20, width_cm=15, height_cm=5)
    shipment = _request(user, [parcel], address, ems)
    parcel.weight_g = 5000  # re-weighed later: the shipment keeps the box it was quoted for
    parcel.save(update_fields=["weight_g"])

    parcels_services.shipment_pack(
        shipment_id=shipment.pk,
        weight_g=1150,
        length_cm=20,
        width_cm=15,
        height_cm=6,
        actor=staff_user,
    )

    shipment.refresh_from_db()
    invoice = shipment_invoice_request(shipment=shipment, actor=None)
    assert invoice.pricing["estimate_g"] == shipment.estimated_weight_g == 900 + 300


def test_a_box_over_a_limit_is_refused_by_the_quote_and_the_request_for_the_same_reason(
    user, address
):
    light = CarrierServiceFactory(code="light", name="Light", max_weight_g=2000)
    price_list(service=light)
    # 1800 g of parcels fit the 2 kg limit alone, but not packed (+300 g allowance)
    parcel = ParcelFactory(owner=user, weight_g=1800, length_cm=20, width_cm=15, height_cm=5)
    box = selectors.box_estimate(parcels=[parcel])
    quote = selectors.quote_price(service_id=light.pk, country="CN", **box.as_kwargs())

    with pytest.raises(DomainError) as refused:
        _request(user, [parcel], address, light)

    assert not quote.is_available
    assert "Too heavy" in quote.reason
    assert refused.value.message == quote.reason
    assert refused.value.field == "service"
    assert not Shipment.objects.exists()


def test_a_service_refuses_contents_worth_more_than_its_declared_value_limit(user, address):
    capped = CarrierServiceFactory(code="capped", name="Capped", max_declared_value=Decimal(5000))
    price_list(service=capped)
    # the factory's parcel declares 2 × ¥1,500 = ¥3,000; two of them ¥6,000
    parcels = [ParcelFactory(owner=user), ParcelFactory(owner=user)]
    box = selectors.box_estimate(parcels=parcels)

    within = selectors.quote_price(
        service_id=capped.pk, country="CN", declared_value=3000, **box.as_kwargs()
    )
    over = selectors.quote_price(
        service_id=capped.pk, country="CN", declared_value=6000, **box.as_kwargs()
    )
    with pytest.raises(DomainError) as refused:
        _request(user, parcels, address, capped)

    assert within.is_available
    assert not over.is_available
    assert refused.value.message == over.reason
    assert not Shipment.objects.exists()
    shown = parcels_selectors.service_options(parcels=parcels, country="CN")
    assert [(o.is_available, o.reason) for o in shown if o.service == capped] == [
        (False, over.reason)
    ]


def test_without_a_declared_value_limit_any_value_is_carried(ems):
    quote = selectors.quote_price(
        service_id=ems.pk,
        country="CN",
        declared_value=10**9,
        weight_g=500,
        length_cm=10,
        width_cm=10,
        height_cm=10,
    )

    assert ems.max_declared_value is None
    assert quote.is_available
