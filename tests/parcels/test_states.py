from parcels.states import (
    HOLD_INSTRUCTIONS,
    PARCEL_ALLOWED,
    PROHIBITED_CATEGORIES,
    SHIPMENT_ALLOWED,
    HoldReason,
    ParcelStatus,
    ShipmentStatus,
)


def test_every_parcel_status_has_a_row_in_the_transition_table():
    assert set(PARCEL_ALLOWED) == set(ParcelStatus.values)
    assert all(set(targets) <= set(ParcelStatus.values) for targets in PARCEL_ALLOWED.values())


def test_every_shipment_status_has_a_row_in_the_transition_table():
    assert set(SHIPMENT_ALLOWED) == set(ShipmentStatus.values)


def test_shipped_and_disposed_parcels_are_final():
    assert PARCEL_ALLOWED[ParcelStatus.SHIPPED] == set()
    assert PARCEL_ALLOWED[ParcelStatus.DISPOSED] == set()


def test_article_10_lists_its_prohibited_categories():
    assert len(PROHIBITED_CATEGORIES) == 14  # A10(1)-(3), (5)-(15); (4) and (16) are not goods


def test_every_hold_reason_tells_the_customer_what_to_do():
    assert set(HOLD_INSTRUCTIONS) == set(HoldReason.values)
