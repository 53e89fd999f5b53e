import json

import pytest

from parcels import personal_data, services

pytestmark = pytest.mark.django_db


def test_export_holds_the_users_parcels_and_shipments_as_json(
    user, parcel_factory, address, carrier_service, other_user
):
    parcel = parcel_factory(owner=user, note="gift for mum")
    parcel_factory(owner=other_user)
    services.shipment_request(
        user=user,
        parcel_ids=[parcel.pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )

    data = personal_data.export(user_id=user.pk)

    json.dumps(data)
    assert [row["id"] for row in data["parcels"]] == [parcel.pk]
    assert data["shipments"][0]["recipient_name"] == address.name


def test_erase_pseudonymises_recipients_and_keeps_customs_records(
    user, parcel_factory, address, carrier_service
):
    parcel = parcel_factory(owner=user, note="gift for mum")
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[parcel.pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )

    personal_data.erase(user_id=user.pk, pseudonym="erased-123")

    shipment.refresh_from_db()
    parcel.refresh_from_db()
    assert shipment.recipient_name == "erased-123"
    assert shipment.recipient_phone == ""
    assert parcel.note == ""
    assert shipment.customs_lines.count() == 1
