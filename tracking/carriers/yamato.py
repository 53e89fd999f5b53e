"""Yamato Transport (ヤマト運輸, 宅急便 and its international services).

The answer is the JSON form of Yamato's tracking result (お問い合わせ結果): the slip number, its
current state, then one row per line of the 詳細 table: 荷物状態 (`status`, Yamato's wording,
e.g. 荷物受付, 発送済み, 輸送中, 配達完了, 持戻（ご不在）, 返品), 日付・時刻 (`dateTime`, ISO 8601
with offset), 担当店名 (`placeName`) and 担当店コード (`placeCode`).
`GET {base}/tracking/v1/slips/{number}`; an unknown slip answers 404."""

from datetime import datetime
from typing import Any

from tracking.carriers.base import CarrierAdapter, TrackingEvent, event_key
from tracking.states import TrackingStatus

STATUSES = {
    "荷物受付": TrackingStatus.ACCEPTED,
    "発送済み": TrackingStatus.IN_TRANSIT,
    "輸送中": TrackingStatus.IN_TRANSIT,
    "作業店通過": TrackingStatus.IN_TRANSIT,
    "国際輸送中": TrackingStatus.IN_TRANSIT,
    "通関手続中": TrackingStatus.CUSTOMS,
    "通関完了": TrackingStatus.IN_TRANSIT,
    "配達中": TrackingStatus.OUT_FOR_DELIVERY,
    "持戻（ご不在）": TrackingStatus.EXCEPTION,
    "調査中": TrackingStatus.EXCEPTION,
    "配達完了": TrackingStatus.DELIVERED,
    "返品": TrackingStatus.RETURNED,
}


class YamatoAdapter(CarrierAdapter):
    code = "yamato"

    def request_for(self, tracking_number: str):
        url = f"{self.base_url}/tracking/v1/slips/{self._quote(tracking_number)}"
        headers = {"X-Api-Key": self.api_key} if self.api_key else {}
        return self._json_request(url, headers)

    def parse(self, tracking_number: str, body: Any) -> list[TrackingEvent]:
        events = []
        for row in body["statusList"]:
            when = datetime.fromisoformat(row["dateTime"])
            if when.tzinfo is None:
                raise ValueError("dateTime without offset")
            events.append(
                TrackingEvent(
                    occurred_at=when,
                    status=STATUSES.get(row["status"], TrackingStatus.IN_TRANSIT),
                    code=row.get("placeCode", "")[:40],
                    description=row["status"][:300],
                    location=row.get("placeName", "")[:200],
                    key=event_key(
                        tracking_number, row["dateTime"], row["status"], row.get("placeCode")
                    ),
                )
            )
        return events
