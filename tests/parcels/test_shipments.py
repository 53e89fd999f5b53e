import pytest

from notifications.models import Notification
from parcels import selectors, services
from parcels.models import Shipment
from parcels.states import ParcelStatus, ShipmentStatus
from transship.errors import DomainError, IllegalTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_parcels(user, parcel_factory):
    return [
        parcel_factory(owner=user, weight_g=1200, bin_location="B-02"),
        parcel_factory(owner=user, weight_g=800, bin_location="A-09"),
    ]


@pytest.fixture
def shipment(user, two_parcels, address, carrier_service):
    return services.shipment_request(
        user=user,
        parcel_ids=[p.pk for p in two_parcels],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        insurance_amount=5000,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )


def test_a_customer_consolidates_stored_parcels_into_one_shipment(shipment, two_parcels, address):
    assert shipment.status == ShipmentStatus.REQUESTED
    assert set(shipment.parcels.all()) == set(two_parcels)
    # the packed box: the parcels plus the default PACKING_ALLOWANCE_G
    assert shipment.estimated_weight_g == 1200 + 800 + 300
    assert shipment.recipient_name == address.name
    assert shipment.destination_country == "CN"
    assert shipment.customs_lines.count() == 2
    assert shipment.declared_value == 2 * 2 * 1500
    assert not shipment.needs_export_declaration
    assert all(p.status == ParcelStatus.PICKED for p in shipment.parcels.all())
    assert Notification.objects.filter(event="shipment.requested").count() == 1


def test_the_pick_list_is_sorted_by_bin(shipment):
    assert [p.bin_location for p in selectors.pick_list(shipment_id=shipment.pk)] == [
        "A-09",
        "B-02",
    ]


def test_a_box_over_the_service_weight_is_refused_at_request_time(
    user, parcel_factory, address, sea_mail
):
    parcels = [parcel_factory(owner=user, weight_g=1500) for _ in range(2)]

    with pytest.raises(DomainError, match="2 kg") as error:
        services.shipment_request(
            user=user,
            parcel_ids=[p.pk for p in parcels],
            recipient_id=address.pk,
            service_id=sea_mail.pk,
            customs_confirmed=True,
            customs_category="sale_of_goods",
        )

    assert error.value.field == "service"
    assert not Shipment.objects.exists()
    assert all(p.status == ParcelStatus.STORED for p in parcels)


def test_a_declared_value_over_the_threshold_is_flagged_for_export_declaration(
    user, parcel_factory, address, carrier_service
):
    parcel = parcel_factory(owner=user, items=[{"unit_value": 250000, "quantity": 1}])

    shipment = services.shipment_request(
        user=user,
        parcel_ids=[parcel.pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )

    assert shipment.needs_export_declaration


def test_another_customers_parcel_or_address_cannot_be_shipped(
    user, other_user, parcel_factory, address, carrier_service
):
    mine = parcel_factory(owner=user)
    theirs = parcel_factory(owner=other_user)

    with pytest.raises(DomainError):
        services.shipment_request(
            user=other_user,
            parcel_ids=[theirs.pk],
            recipient_id=address.pk,
            service_id=carrier_service.pk,
            customs_confirmed=True,
            customs_category="sale_of_goods",
        )
    with pytest.raises(DomainError):
        services.shipment_request(
            user=user,
            parcel_ids=[mine.pk, theirs.pk],
            recipient_id=address.pk,
            service_id=carrier_service.pk,
            customs_confirmed=True,
            customs_category="sale_of_goods",
        )

    assert not Shipment.objects.exists()


def test_parcels_of_a_disqualified_account_are_frozen(user, two_parcels, address, carrier_service):
    user.status = "disqualified"
    user.save(update_fields=["status"])

    with pytest.raises(DomainError, match="frozen"):
        services.shipment_request(
            user=user,
            parcel_ids=[two_parcels[0].pk],
            recipient_id=address.pk,
            service_id=carrier_service.pk,
            customs_confirmed=True,
            customs_category="sale_of_goods",
        )

    assert not Shipment.objects.exists()


def test_the_customs_declaration_must_be_confirmed(user, two_parcels, address, carrier_service):
    with pytest.raises(DomainError) as error:
        services.shipment_request(
            user=user,
            parcel_ids=[two_parcels[0].pk],
            recipient_id=address.pk,
            service_id=carrier_service.pk,
            customs_confirmed=False,
            customs_category="sale_of_goods",
        )

    assert error.value.field == "customs_confirmed"


def test_a_customer_cancels_until_packing_starts(shipment, user, staff_user):
    services.shipment_cancel(shipment_id=shipment.pk, user=user, actor=user)

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.CANCELLED
    assert all(p.status == ParcelStatus.STORED for p in shipment.parcels.all())


def test_a_customer_cannot_cancel_once_packing_started(shipment, user, staff_user):
    services.shipment_packing_start(shipment_id=shipment.pk, actor=staff_user)

    with pytest.raises(DomainError, match="packing"):
        services.shipment_cancel(shipment_id=shipment.pk, user=user, actor=user)

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKING


def test_staff_pack_and_ship_and_the_customer_gets_the_tracking_number(
    shipment, staff_user, user, pay_shipment
):
    from billing.models import Invoice
    from billing.states import InvoiceStatus
    from privacy.models import Disclosure

    services.shipment_packing_start(shipment_id=shipment.pk, actor=staff_user)
    services.shipment_pack(
        shipment_id=shipment.pk,
        weight_g=2300,
        length_cm=40,
        width_cm=30,
        height_cm=20,
        actor=staff_user,
    )
    invoice = Invoice.objects.get(shipment_id=shipment.pk)
    assert invoice.created_by == staff_user
    assert invoice.status == InvoiceStatus.OPEN
    pay_shipment(shipment)
    services.shipment_ship(
        shipment_id=shipment.pk, tracking_number="EJ 123 456 789 JP", actor=staff_user
    )

    shipment.refresh_from_db()
    invoice.refresh_from_db()
    assert shipment.status == ShipmentStatus.SHIPPED
    assert shipment.tracking_number == "EJ123456789JP"
    assert shipment.packed_weight_g == 2300
    assert all(p.status == ParcelStatus.SHIPPED for p in shipment.parcels.all())
    assert invoice.status == InvoiceStatus.PAID
    assert Invoice.objects.filter(shipment_id=shipment.pk).count() == 1
    disclosed = Disclosure.objects.get(user=user, recipient="Japan Post")
    assert disclosed.country == "CN"
    assert shipment.number in disclosed.purpose
    shipped = Notification.objects.get(event="shipment.shipped")
    assert "EJ123456789JP" in shipped.body_text
    assert list(shipment.events.values_list("to_status", flat=True)) == [
        "requested",
        "packing",
        "packed",
        "shipped",
    ]


def test_an_unpaid_shipment_cannot_be_shipped(shipment, staff_user, user):
    from billing.models import Invoice
    from billing.states import InvoiceStatus
    from privacy.models import Disclosure

    services.shipment_pack(
        shipment_id=shipment.pk,
        weight_g=2300,
        length_cm=40,
        width_cm=30,
        height_cm=20,
        actor=staff_user,
    )

    with pytest.raises(DomainError, match="not paid"):
        services.shipment_ship(
            shipment_id=shipment.pk, tracking_number="EJ123456789JP", actor=staff_user
        )

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKED
    assert shipment.tracking_number == ""
    assert Invoice.objects.get(shipment_id=shipment.pk).status == InvoiceStatus.OPEN
    assert not Disclosure.objects.filter(user=user, recipient="Japan Post").exists()
    assert not Notification.objects.filter(event="shipment.shipped").exists()


def test_a_cancelled_shipment_cannot_be_packed(shipment, user, staff_user):
    services.shipment_cancel(shipment_id=shipment.pk, user=user, actor=user)

    with pytest.raises(IllegalTransition):
        services.shipment_pack(
            shipment_id=shipment.pk,
            weight_g=2300,
            length_cm=40,
            width_cm=30,
            height_cm=20,
            actor=staff_user,
        )


def test_extras_are_ordered_at_catalogue_price_and_totalled_for_billing(
    user, staff_user, two_parcels, address, carrier_service
):
    from tests.parcels.factories import ExtraServiceFactory

    photos = ExtraServiceFactory(price=300)
    extra = services.parcel_extra_order(
        parcel_id=two_parcels[0].pk, user=user, service_id=photos.pk
    )
    with pytest.raises(DomainError):
        services.parcel_extra_order(parcel_id=two_parcels[0].pk, user=user, service_id=photos.pk)
    services.parcel_extra_done(extra_id=extra.pk, actor=staff_user)
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[p.pk for p in two_parcels],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )

    extra.refresh_from_db()
    assert extra.is_done
    assert selectors.shipment_extras_total(shipment_id=shipment.pk) == 300


def test_holding_goods_is_visible_to_other_apps(user, other_user, parcel_factory):
    parcel_factory(owner=user)
    parcel_factory(owner=other_user, status=ParcelStatus.SHIPPED)

    assert selectors.user_holds_goods(user_id=user.pk)
    assert not selectors.user_holds_goods(user_id=other_user.pk)
    assert list(selectors.user_ids_holding_goods()) == [user.pk]


def test_a_box_cannot_be_marked_packed_while_a_paid_extra_is_not_done(
    user, two_parcels, address, carrier_service, staff_user
):
    from tests.parcels.factories import ExtraServiceFactory

    packing = ExtraServiceFactory(code="protective", name="Protective packing", price=500)
    extra = services.parcel_extra_order(
        parcel_id=two_parcels[1].pk, user=user, service_id=packing.pk
    )
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[p.pk for p in two_parcels],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="gift",
    )
    box = {"weight_g": 2300, "length_cm": 40, "width_cm": 30, "height_cm": 20}

    with pytest.raises(DomainError) as error:
        services.shipment_pack(shipment_id=shipment.pk, actor=staff_user, **box)

    assert f"{two_parcels[1].code} Protective packing" in str(error.value.message)
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.REQUESTED
    assert shipment.packed_weight_g is None

    services.parcel_extra_done(extra_id=extra.pk, actor=staff_user)
    services.shipment_pack(shipment_id=shipment.pk, actor=staff_user, **box)

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKED
