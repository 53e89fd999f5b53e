import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from notifications.models import Notification
from parcels import selectors, services
from parcels.models import Parcel, ParcelEvent
from parcels.states import HoldReason, ParcelStatus, RefusalReason
from transship.errors import DomainError

pytestmark = pytest.mark.django_db

MEASURES = {"weight_g": 1500, "length_cm": 30, "width_cm": 20, "height_cm": 10}


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def test_scanning_a_declared_tracking_number_stores_the_parcel_and_tells_the_customer(
    declared_parcel, staff_user, user
):
    match = selectors.intake_lookup(code="1234-5678-9012")
    parcel = services.parcel_intake(
        tracking_number="1234-5678-9012",
        bin_location="b-07",
        actor=staff_user,
        photos=[SimpleUploadedFile("label.png", PNG, content_type="image/png")],
        **MEASURES,
    )

    assert match.kind == "declaration"
    assert match.parcel == declared_parcel
    assert parcel.pk == declared_parcel.pk
    assert parcel.status == ParcelStatus.STORED
    assert (parcel.weight_g, parcel.bin_location) == (1500, "B-07")
    assert parcel.received_at is not None
    assert parcel.photos.count() == 1
    assert list(parcel.events.values_list("to_status", flat=True)) == [
        ParcelStatus.EXPECTED,
        ParcelStatus.RECEIVED,
        ParcelStatus.STORED,
    ]
    assert parcel.events.last().actor == staff_user
    assert Notification.objects.filter(user=user, event="parcel.arrived").count() == 1


def test_a_member_code_without_declaration_waits_for_one(user, staff_user):
    match = selectors.intake_lookup(code=user.member_code.lower())
    parcel = services.parcel_intake(
        tracking_number="5550001112", member_code=user.member_code, actor=staff_user, **MEASURES
    )

    assert match.kind == "member"
    assert match.member == user
    assert parcel.owner == user
    assert parcel.status == ParcelStatus.ON_HOLD
    assert parcel.hold_reason == HoldReason.NO_DECLARATION
    assert Notification.objects.filter(user=user, event="parcel.on_hold").exists()


def test_an_unknown_parcel_is_stored_as_unidentified_and_assigned_later(user, staff_user):
    parcel = services.parcel_intake(tracking_number="7770001112", actor=staff_user, **MEASURES)

    assert parcel.owner is None
    assert parcel.status == ParcelStatus.UNIDENTIFIED

    services.parcel_assign_owner(
        parcel_id=parcel.pk, member_code=user.member_code, actor=staff_user
    )

    parcel.refresh_from_db()
    assert parcel.owner == user
    assert parcel.status == ParcelStatus.ON_HOLD
    assert parcel.hold_reason == HoldReason.NO_DECLARATION


def test_a_cash_on_delivery_parcel_is_refused_and_the_customer_told(
    declared_parcel, staff_user, user
):
    parcel = services.parcel_intake(
        tracking_number=declared_parcel.tracking_number,
        refusal=RefusalReason.CASH_ON_DELIVERY,
        actor=staff_user,
        **MEASURES,
    )

    assert parcel.status == ParcelStatus.REFUSED
    assert parcel.refusal_reason == RefusalReason.CASH_ON_DELIVERY
    assert Notification.objects.filter(user=user, event="parcel.refused").exists()
    assert not Notification.objects.filter(event="parcel.arrived").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weight_g": -100}, "weight_g"),
        ({"weight_g": 0}, "weight_g"),
        ({"length_cm": "abc"}, "length_cm"),
        ({"height_cm": 9999}, "height_cm"),
    ],
)
def test_bad_measurements_get_clear_errors(declared_parcel, staff_user, change, field):
    with pytest.raises(DomainError) as error:
        services.parcel_intake(
            tracking_number=declared_parcel.tracking_number,
            actor=staff_user,
            **{**MEASURES, **change},
        )

    assert error.value.field == field
    declared_parcel.refresh_from_db()
    assert declared_parcel.status == ParcelStatus.EXPECTED
    assert declared_parcel.weight_g is None


def test_an_unknown_member_code_gets_a_clear_error(staff_user):
    with pytest.raises(DomainError) as error:
        services.parcel_intake(
            tracking_number="8880001112", member_code="ZZ-0000-X", actor=staff_user, **MEASURES
        )

    assert error.value.field == "member_code"
    assert not Parcel.objects.exists()


def test_scanning_the_same_parcel_twice_is_refused_with_its_code(stored_parcel, staff_user):
    with pytest.raises(DomainError, match=stored_parcel.code):
        services.parcel_intake(
            tracking_number=stored_parcel.tracking_number, actor=staff_user, **MEASURES
        )

    assert Parcel.objects.count() == 1


def test_a_scanned_parcel_code_moves_it_to_another_bin(stored_parcel, staff_user):
    match = selectors.intake_lookup(code=stored_parcel.code)
    services.parcel_bin_move(parcel_id=stored_parcel.pk, bin_location="c-12", actor=staff_user)

    assert match.kind == "parcel"
    stored_parcel.refresh_from_db()
    assert stored_parcel.bin_location == "C-12"
    assert stored_parcel.events.last().reason == "Bin A-01 → C-12"


def _race(target, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    results: list = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_scans_of_a_declared_tracking_number_make_one_parcel(
    declared_parcel, staff_user
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")

    results = _race(
        lambda: services.parcel_intake(
            tracking_number=declared_parcel.tracking_number, actor=staff_user, **MEASURES
        )
    )

    assert sum(isinstance(r, Parcel) for r in results) == 1
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert Parcel.objects.count() == 1
    assert ParcelEvent.objects.filter(to_status=ParcelStatus.RECEIVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_scans_of_an_undeclared_tracking_number_make_one_parcel(staff_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")

    results = _race(
        lambda: services.parcel_intake(tracking_number="6660001112", actor=staff_user, **MEASURES)
    )

    assert sum(isinstance(r, Parcel) for r in results) == 1
    assert Parcel.objects.count() == 1


def test_a_recycled_tracking_number_of_a_shipped_parcel_is_a_new_parcel(parcel_factory, staff_user):
    old = parcel_factory(status=ParcelStatus.SHIPPED, tracking_number="9990001112")

    match = selectors.intake_lookup(code="9990001112")
    parcel = services.parcel_intake(tracking_number="9990001112", actor=staff_user, **MEASURES)

    assert match.kind == "unknown"
    assert parcel.pk != old.pk
    assert parcel.status == ParcelStatus.UNIDENTIFIED
