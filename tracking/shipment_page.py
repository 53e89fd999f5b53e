"""Tracking's section of the customer's shipment page (parcels/shipment_sections.py): the whole
timeline, ours then the carrier's, the stall notice, the carrier's own tracking page, claims."""

from typing import Any

from django.utils import timezone

from tracking import selectors
from tracking.services import shipment_claimable


def section(*, shipment: Any, user: Any) -> dict[str, Any]:
    stall = selectors.open_stall(shipment_id=shipment.pk)
    return {
        "template": "tracking/_shipment_timeline.html",
        "timeline": selectors.shipment_timeline(shipment=shipment),
        "stall": stall,
        "claims": list(shipment.claims.all()),
        "can_claim": shipment_claimable(shipment, now=timezone.now())[0],
    }
