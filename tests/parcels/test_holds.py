import pytest

from notifications.models import Notification
from parcels import services
from parcels.models import Inspection
from parcels.states import Category, HoldReason, InspectionResult, ParcelStatus
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


def test_an_inspection_that_matches_leaves_the_parcel_in_storage(stored_parcel, staff_user):
    services.parcel_inspect(
        parcel_id=stored_parcel.pk,
        result=InspectionResult.OK,
        actor=staff_user,
        notes="2 items as declared",
    )

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.STORED
    assert Inspection.objects.get().actor == staff_user


def test_a_mismatch_puts_the_parcel_on_hold_and_the_customer_corrects_it(
    stored_parcel, staff_user, user
):
    services.parcel_inspect(
        parcel_id=stored_parcel.pk,
        result=InspectionResult.MISMATCH,
        actor=staff_user,
        notes="Found 2 sweaters, declared 1",
    )
    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.ON_HOLD
    assert stored_parcel.hold_reason == HoldReason.CONTENTS_MISMATCH
    assert "sweaters" in Notification.objects.get(event="parcel.on_hold").body_text

    services.parcel_hold_resolve(
        parcel_id=stored_parcel.pk,
        user=user,
        items=[
            {
                "description": "Wool sweater",
                "category": Category.CLOTHING,
                "quantity": 2,
                "unit_value": 8000,
            }
        ],
    )

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.STORED
    assert stored_parcel.hold_reason == ""
    assert stored_parcel.items.get().quantity == 2


def test_a_prohibited_item_hold_cannot_be_cleared_by_the_customer(stored_parcel, staff_user, user):
    services.parcel_inspect(
        parcel_id=stored_parcel.pk, result=InspectionResult.PROHIBITED, actor=staff_user
    )

    with pytest.raises(DomainError, match="staff"):
        services.parcel_hold_resolve(parcel_id=stored_parcel.pk, user=user)

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.ON_HOLD
    assert stored_parcel.hold_reason == HoldReason.PROHIBITED


def test_suspected_crime_proceeds_are_marked_for_report(stored_parcel, staff_user):
    services.parcel_inspect(
        parcel_id=stored_parcel.pk, result=InspectionResult.SUSPECTED_CRIME, actor=staff_user
    )

    stored_parcel.refresh_from_db()
    assert stored_parcel.is_marked_for_report
    assert stored_parcel.status == ParcelStatus.ON_HOLD


def test_a_prohibited_parcel_may_go_to_disposal_at_once(stored_parcel, staff_user):
    services.parcel_inspect(
        parcel_id=stored_parcel.pk, result=InspectionResult.PROHIBITED, actor=staff_user
    )

    services.parcel_send_to_disposal(parcel_id=stored_parcel.pk, actor=staff_user)

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.DISPOSAL_DUE


def test_a_parcel_without_prohibited_hold_cannot_jump_to_disposal(stored_parcel, staff_user):
    with pytest.raises(DomainError):
        services.parcel_send_to_disposal(parcel_id=stored_parcel.pk, actor=staff_user)

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.STORED


def test_the_customer_declares_a_parcel_that_arrived_without_declaration(user, staff_user, items):
    parcel = services.parcel_intake(
        tracking_number="5550001112",
        member_code=user.member_code,
        weight_g=800,
        length_cm=20,
        width_cm=20,
        height_cm=5,
        actor=staff_user,
    )

    with pytest.raises(DomainError):
        services.parcel_hold_resolve(parcel_id=parcel.pk, user=user)
    services.parcel_hold_resolve(parcel_id=parcel.pk, user=user, items=items)

    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.STORED
    assert parcel.items.count() == 2


def test_a_disposed_parcel_settles_its_proceeds_with_billing(stored_parcel, staff_user, user):
    from billing.models import Settlement

    services.parcel_inspect(
        parcel_id=stored_parcel.pk, result=InspectionResult.PROHIBITED, actor=staff_user
    )
    services.parcel_send_to_disposal(parcel_id=stored_parcel.pk, actor=staff_user)

    services.parcel_dispose(
        parcel_id=stored_parcel.pk, method="sold", sale_price=12000, actor=staff_user
    )
    services.parcel_dispose(
        parcel_id=stored_parcel.pk, method="sold", sale_price=12000, actor=staff_user
    )  # a double click settles once

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.DISPOSED
    assert stored_parcel.disposal_price == 12000
    settlement = Settlement.objects.get(parcel_id=stored_parcel.pk)
    assert settlement.user == user
    assert settlement.sale_price == 12000
    assert settlement.created_by == staff_user


def test_staff_hold_a_parcel_for_customs_and_the_customer_is_told(stored_parcel, staff_user):
    services.parcel_hold(
        parcel_id=stored_parcel.pk,
        reason=HoldReason.CUSTOMS,
        note="Invoice needed",
        actor=staff_user,
    )

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.ON_HOLD
    assert stored_parcel.hold_note == "Invoice needed"
    assert "Invoice needed" in Notification.objects.get(event="parcel.on_hold").body_text


def test_a_parcel_picked_for_shipment_cannot_be_put_on_hold(parcel_factory, staff_user):
    from transship.errors import IllegalTransition

    parcel = parcel_factory(status=ParcelStatus.PICKED)

    with pytest.raises(IllegalTransition):
        services.parcel_hold(parcel_id=parcel.pk, reason=HoldReason.OTHER, actor=staff_user)

    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.PICKED
