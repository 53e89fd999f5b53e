"""Personal data held by parcels, for the privacy app's access and erasure requests (P5).

Kept after erasure (law: customs and tax records, P4(1)): parcels, content lines, shipments and
customs lines, pseudonymised. Removed: free text the customer or staff wrote about the person,
intake photos, and the recipient's name, address and phone copied into shipments."""

from typing import Any

from django.db import transaction

from parcels.models import (
    CustomsLine,
    Inspection,
    Parcel,
    ParcelEvent,
    ParcelExtra,
    ParcelItem,
    ParcelPhoto,
    Shipment,
    ShipmentEvent,
)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _rows(queryset, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{name: _json(getattr(row, name)) for name in fields} for row in queryset]


def export(*, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of the user's personal data in parcels, JSON-safe, keyed by table."""
    parcels = Parcel.objects.filter(owner_id=user_id)
    shipments = Shipment.objects.filter(user_id=user_id)
    return {
        "parcels": _rows(
            parcels,
            (
                "id",
                "code",
                "status",
                "shop_name",
                "shop_url",
                "carrier",
                "tracking_number",
                "note",
                "received_at",
                "weight_g",
                "length_cm",
                "width_cm",
                "height_cm",
                "hold_reason",
                "hold_note",
                "refusal_reason",
                "disposal_method",
                "disposal_price",
                "created_at",
            ),
        ),
        "parcel_items": _rows(
            ParcelItem.objects.filter(parcel__owner_id=user_id),
            ("parcel_id", "description", "category", "quantity", "unit_value", "hs_code"),
        ),
        "parcel_photos": [
            {
                "parcel_id": p.parcel_id,
                "file": p.image.name,
                "caption": p.caption,
                "created_at": _json(p.created_at),
            }
            for p in ParcelPhoto.objects.filter(parcel__owner_id=user_id)
        ],
        "parcel_events": _rows(
            ParcelEvent.objects.filter(parcel__owner_id=user_id),
            ("parcel_id", "from_status", "to_status", "reason", "created_at"),
        ),
        "parcel_extras": _rows(
            ParcelExtra.objects.filter(parcel__owner_id=user_id),
            ("parcel_id", "service_id", "price", "is_done", "created_at"),
        ),
        "shipments": _rows(
            shipments,
            (
                "id",
                "number",
                "status",
                "recipient_name",
                "recipient_address",
                "recipient_phone",
                "destination_country",
                "service_id",
                "insurance_amount",
                "quoted_price",
                "declared_value",
                "tracking_number",
                "shipped_at",
                "created_at",
            ),
        ),
        "customs_lines": _rows(
            CustomsLine.objects.filter(shipment__user_id=user_id),
            ("shipment_id", "description", "hs_code", "quantity", "value", "origin_country"),
        ),
    }


@transaction.atomic
def erase(*, user_id: int, pseudonym: str) -> None:
    """Anonymise the user's personal data in parcels, keeping what customs and tax law need."""
    for photo in ParcelPhoto.objects.filter(parcel__owner_id=user_id):
        photo.image.delete(save=False)
        photo.delete()
    Parcel.objects.filter(owner_id=user_id).update(note="", hold_note="", shop_url="")
    ParcelEvent.objects.filter(actor_id=user_id).update(reason="")
    for shipment in Shipment.objects.filter(user_id=user_id):
        shipment.recipient = None
        shipment.recipient_name = pseudonym
        shipment.recipient_address = ""
        shipment.recipient_phone = ""
        shipment.save(
            update_fields=[
                "recipient",
                "recipient_name",
                "recipient_address",
                "recipient_phone",
                "updated_at",
            ]
        )


def identifiers(*, user_id: int) -> dict[str, list[str]]:
    """The recipients the user shipped to (usually themselves, or family): read before erasure."""
    found: dict[str, list[str]] = {"names": [], "texts": [], "phones": []}
    for shipment in Shipment.objects.filter(user_id=user_id):
        found["names"].append(shipment.recipient_name)
        found["texts"] += shipment.recipient_address.splitlines()
        found["phones"].append(shipment.recipient_phone)
    return found


def kept_text(*, user_id: int) -> list[tuple[Any, tuple[str, ...]]]:
    """Free text in records kept after erasure (customs and inspection records): redacted, not
    emptied (see `transship.redaction`)."""
    return [
        (ParcelItem.objects.filter(parcel__owner_id=user_id), ("description",)),
        (CustomsLine.objects.filter(shipment__user_id=user_id), ("description",)),
        (Inspection.objects.filter(parcel__owner_id=user_id), ("notes",)),
        (ParcelEvent.objects.filter(parcel__owner_id=user_id), ("reason",)),
        (ShipmentEvent.objects.filter(shipment__user_id=user_id), ("reason",)),
        (ParcelPhoto.objects.filter(parcel__owner_id=user_id), ("caption",)),
    ]
