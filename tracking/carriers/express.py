"""An express courier: DHL's Shipment Tracking - Unified API.

`GET {base}/track/shipments?trackingNumber={number}` with the `DHL-API-Key` header answers
`{"shipments": [{"id", "service", "status", "events": [...]}]}`; each event has `timestamp`
(ISO 8601), `location.address.addressLocality`, `statusCode` (`pre-transit`, `transit`,
`delivered`, `failure`, `unknown`), `status` and `description`. An unknown number answers 404
with a problem body; too many requests 429."""

from datetime import datetime
from typing import Any

from tracking.carriers.base import CarrierAdapter, TrackingEvent, event_key, status_from_words
from tracking.states import TrackingStatus


class ExpressAdapter(CarrierAdapter):
    code = "express"

    def request_for(self, tracking_number: str):
        url = f"{self.base_url}/track/shipments?trackingNumber={self._quote(tracking_number)}"
        return self._json_request(url, {"DHL-API-Key": self.api_key})

    def parse(self, tracking_number: str, body: Any) -> list[TrackingEvent]:
        events = []
        for shipment in body["shipments"]:
            for row in shipment["events"]:
                when = datetime.fromisoformat(row["timestamp"].replace("Z", "+00:00"))
                if when.tzinfo is None:
                    raise ValueError("timestamp without offset")
                words = row.get("description") or row.get("status") or ""
                code = row.get("statusCode", "unknown")
                status = {
                    "pre-transit": TrackingStatus.ACCEPTED,
                    "delivered": TrackingStatus.DELIVERED,
                    "failure": TrackingStatus.EXCEPTION,
                }.get(code) or status_from_words(f"{row.get('status', '')} {words}")
                place = ((row.get("location") or {}).get("address") or {}).get(
                    "addressLocality", ""
                )
                events.append(
                    TrackingEvent(
                        occurred_at=when,
                        status=status,
                        code=code[:40],
                        description=words[:300],
                        location=place[:200],
                        key=event_key(tracking_number, row["timestamp"], code, words, place),
                    )
                )
        return events
