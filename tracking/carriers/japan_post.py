"""Japan Post (EMS, ePacket, international air, SAL and sea mail).

The answer is the JSON form of Japan Post's tracking result ("詳細表示"): the item number and
kind, then one row per history line with the columns of its tracking page: 状態発生日
(`dateTime`, JST, `YYYY/MM/DD HH:MM`), 配送履歴 (`status`, with the English page's wording in
`statusEn`), 詳細, 取扱局 (`office`), 県名等 (`prefecture`), 郵便番号 (`postalCode`).
`GET {base}/tracking/v1/items/{number}`; an unknown number answers 404."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tracking.carriers.base import CarrierAdapter, TrackingEvent, event_key
from tracking.states import TrackingStatus

JST = ZoneInfo("Asia/Tokyo")

# Japan Post's history lines (English page wording) → our statuses.
STATUSES = {
    "posting/collection": TrackingStatus.ACCEPTED,
    "arrival at outward office of exchange": TrackingStatus.IN_TRANSIT,
    "dispatch from outward office of exchange": TrackingStatus.IN_TRANSIT,
    "arrival at inward office of exchange": TrackingStatus.IN_TRANSIT,
    "held at inward office of exchange": TrackingStatus.CUSTOMS,
    "held by customs": TrackingStatus.CUSTOMS,
    "customs clearance": TrackingStatus.CUSTOMS,
    "returned from customs": TrackingStatus.IN_TRANSIT,
    "dispatch from inward office of exchange": TrackingStatus.IN_TRANSIT,
    "arrival at delivery office": TrackingStatus.IN_TRANSIT,
    "out for delivery": TrackingStatus.OUT_FOR_DELIVERY,
    "attempted/unsuccessful delivery": TrackingStatus.EXCEPTION,
    "held at delivery office": TrackingStatus.EXCEPTION,
    "final delivery": TrackingStatus.DELIVERED,
    "returned to sender": TrackingStatus.RETURNED,
}


class JapanPostAdapter(CarrierAdapter):
    code = "japan_post"

    def request_for(self, tracking_number: str):
        url = f"{self.base_url}/tracking/v1/items/{self._quote(tracking_number)}"
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        return self._json_request(url, headers)

    def parse(self, tracking_number: str, body: Any) -> list[TrackingEvent]:
        events = []
        for row in body["history"]:
            when = datetime.strptime(row["dateTime"], "%Y/%m/%d %H:%M").replace(tzinfo=JST)
            words = row.get("statusEn") or row["status"]
            place = ", ".join(p for p in (row.get("office"), row.get("prefecture")) if p)
            events.append(
                TrackingEvent(
                    occurred_at=when,
                    status=STATUSES.get(words.strip().lower(), TrackingStatus.IN_TRANSIT),
                    code=row["status"][:40],
                    description=" ".join(p for p in (words, row.get("details")) if p)[:300],
                    location=place[:200],
                    key=event_key(tracking_number, row["dateTime"], row["status"], place),
                )
            )
        return events
