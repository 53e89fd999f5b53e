"""Personal data held by tracking, for the privacy app's access and erasure requests (P5).

Kept after erasure: claims (amounts, decisions, dates: a claim that was paid backs a ledger
entry, kept by law) and the carrier's events of kept shipments, pseudonymised. Removed: the
customer's own words (description, added information), their photos, and their milestone
choices. Our words to them (questions, reasons) are kept with identifiers redacted."""

from typing import Any

from django.db import transaction

from tracking.models import (
    CarrierEvent,
    Claim,
    ClaimEvent,
    ClaimNote,
    ClaimPhoto,
    TrackingPreference,
)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _rows(queryset, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{name: _json(getattr(row, name)) for name in fields} for row in queryset]


def export(*, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of the user's personal data in tracking, JSON-safe, keyed by table."""
    return {
        "claims": _rows(
            Claim.objects.filter(user_id=user_id),
            (
                "id",
                "number",
                "shipment_id",
                "parcel_id",
                "kind",
                "description",
                "amount_claimed",
                "amount_cap",
                "liability",
                "status",
                "info_request",
                "carrier_reference",
                "carrier_outcome",
                "amount_accepted",
                "decision_reason",
                "decided_at",
                "paid_at",
                "created_at",
            ),
        ),
        "claim_information": _rows(
            ClaimNote.objects.filter(claim__user_id=user_id), ("claim_id", "text", "created_at")
        ),
        "claim_photos": [
            {"claim_id": p.claim_id, "file": p.image.name, "created_at": _json(p.created_at)}
            for p in ClaimPhoto.objects.filter(claim__user_id=user_id)
        ],
        "claim_events": _rows(
            ClaimEvent.objects.filter(claim__user_id=user_id),
            ("claim_id", "from_status", "to_status", "reason", "created_at"),
        ),
        "carrier_events": _rows(
            CarrierEvent.objects.filter(shipment__user_id=user_id),
            ("shipment_id", "occurred_at", "status", "description", "location"),
        ),
        "tracking_preferences": _rows(
            TrackingPreference.objects.filter(user_id=user_id),
            ("customs", "out_for_delivery", "delivered", "exception", "returned"),
        ),
    }


@transaction.atomic
def erase(*, user_id: int, pseudonym: str) -> None:
    """Remove the customer's words and photos; keep the claims' amounts and decisions."""
    for photo in ClaimPhoto.objects.filter(claim__user_id=user_id):
        photo.image.delete(save=False)
        photo.delete()
    Claim.objects.filter(user_id=user_id).update(description=pseudonym)
    ClaimNote.objects.filter(claim__user_id=user_id).update(text="")
    ClaimEvent.objects.filter(actor_id=user_id).update(reason="")
    TrackingPreference.objects.filter(user_id=user_id).delete()


def kept_text(*, user_id: int) -> list[tuple[Any, tuple[str, ...]]]:
    """Free text kept after erasure: redacted, not emptied (see `transship.redaction`)."""
    return [
        (
            Claim.objects.filter(user_id=user_id),
            ("info_request", "decision_reason", "carrier_outcome"),
        ),
        (ClaimEvent.objects.filter(claim__user_id=user_id), ("reason",)),
        (CarrierEvent.objects.filter(shipment__user_id=user_id), ("description", "location")),
    ]
