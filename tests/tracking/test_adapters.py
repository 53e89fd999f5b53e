"""The carrier adapters against a local fake of each carrier's API, answering in its documented
format: events in our words, oldest first; 404 is "nothing yet"; 429 and 5xx are retried with
backoff; what cannot be read is refused whole."""

from datetime import UTC, datetime

import pytest

from tests.tracking.carrier_fake import recorded
from tracking.carriers import (
    CarrierRateLimited,
    CarrierResponseInvalid,
    CarrierUnavailable,
    adapter_for,
)
from tracking.carriers.express import ExpressAdapter
from tracking.carriers.japan_post import JapanPostAdapter
from tracking.carriers.yamato import YamatoAdapter
from tracking.states import TrackingStatus as T

pytestmark = pytest.mark.django_db

JP_PATH = "/tracking/v1/items/EJ123456789JP"


def test_japan_post_events_are_read_in_our_words_oldest_first(fake_carriers):
    fake_carriers.serve(JP_PATH, recorded("japan_post_ems.json", number="EJ123456789JP"))

    events = adapter_for("japan_post").fetch_events("EJ123456789JP")

    assert [e.status for e in events] == [
        T.ACCEPTED, T.IN_TRANSIT, T.IN_TRANSIT, T.IN_TRANSIT, T.CUSTOMS, T.OUT_FOR_DELIVERY,
        T.DELIVERED,
    ]  # fmt: skip
    assert events[0].occurred_at == datetime(2026, 11, 20, 1, 12, tzinfo=UTC)  # 10:12 JST
    assert events[0].location == "新東京郵便局, 東京都"
    assert events[-1].description == "Final delivery"
    assert len({e.key for e in events}) == len(events)
    assert fake_carriers.requests[0][1]["authorization"] == "Bearer test-key"


def test_yamato_events_map_absence_and_return(fake_carriers):
    fake_carriers.serve("/tracking/v1/slips/123456789012", recorded("yamato.json", number="1"))

    events = adapter_for("yamato").fetch_events("123456789012")

    assert [e.status for e in events] == [
        T.ACCEPTED, T.IN_TRANSIT, T.IN_TRANSIT, T.EXCEPTION, T.RETURNED,
    ]  # fmt: skip
    assert events[3].description == "持戻（ご不在）"
    assert events[3].location == "上海浦東センター"


def test_dhl_unified_tracking_is_read_with_its_api_key(fake_carriers):
    path = "/track/shipments?trackingNumber=1234567890"
    fake_carriers.serve(path, recorded("dhl_express.json", number="1234567890"))

    events = adapter_for("express").fetch_events("1234567890")

    assert [e.status for e in events] == [T.ACCEPTED, T.CUSTOMS, T.OUT_FOR_DELIVERY, T.EXCEPTION]
    assert events[-1].location == "LONDON - UNITED KINGDOM"
    assert fake_carriers.requests[0][1]["dhl-api-key"] == "test-key"


def test_the_same_answer_read_twice_gives_the_same_keys(fake_carriers):
    fake_carriers.serve(JP_PATH, recorded("japan_post_ems.json", number="EJ123456789JP"))
    adapter = adapter_for("japan_post")

    assert [e.key for e in adapter.fetch_events("EJ123456789JP")] == [
        e.key for e in adapter.fetch_events("EJ123456789JP")
    ]


def test_an_unknown_number_is_no_events_yet(fake_carriers):
    assert adapter_for("japan_post").fetch_events("EJ000000000JP") == []


def test_429_is_retried_after_the_carriers_retry_after(fake_carriers, backoff_waits):
    fake_carriers.serve(JP_PATH, recorded("japan_post_ems.json", number="EJ123456789JP"))
    fake_carriers.queue(JP_PATH, 429, headers={"Retry-After": "7"})

    events = adapter_for("japan_post").fetch_events("EJ123456789JP")

    assert len(events) == 7
    assert fake_carriers.paths() == [JP_PATH, JP_PATH]
    assert backoff_waits == [7.0]


def test_429_that_persists_is_raised_after_the_attempts_with_growing_waits(
    fake_carriers, backoff_waits
):
    for _ in range(3):
        fake_carriers.queue(JP_PATH, 429)

    with pytest.raises(CarrierRateLimited):
        adapter_for("japan_post").fetch_events("EJ123456789JP")

    assert len(fake_carriers.requests) == 3
    assert backoff_waits == [0.5, 1.0]


def test_5xx_is_retried_then_reported_unavailable(fake_carriers):
    fake_carriers.queue(JP_PATH, 503)
    fake_carriers.queue(JP_PATH, 500)
    fake_carriers.queue(JP_PATH, 502)

    with pytest.raises(CarrierUnavailable):
        adapter_for("japan_post").fetch_events("EJ123456789JP")

    assert len(fake_carriers.requests) == 3


def test_a_timeout_is_retried_like_a_5xx(fake_carriers):
    fake_carriers.serve(JP_PATH, recorded("japan_post_in_transit.json", number="EJ123456789JP"))
    fake_carriers.queue(JP_PATH, 200, delay=1.0)
    adapter = JapanPostAdapter(base_url=fake_carriers.url, attempts=2, timeout=0.3)

    events = adapter.fetch_events("EJ123456789JP")

    assert len(events) == 2


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Service temporarily unavailable</html>",
        b'{"history": [{"dateTime": "yesterday", "status": "x"}]}',
        b'{"unexpected": true}',
    ],
    ids=["not-json", "bad-date", "wrong-shape"],
)
def test_a_malformed_answer_is_refused_whole(fake_carriers, body):
    fake_carriers.serve(JP_PATH, body)

    with pytest.raises(CarrierResponseInvalid):
        adapter_for("japan_post").fetch_events("EJ123456789JP")


def test_a_carrier_without_a_base_url_has_no_adapter(settings):
    settings.TRACKING_CARRIERS = {"japan_post": {"base_url": ""}}

    assert adapter_for("japan_post") is None
    assert adapter_for("express") is None


def test_every_adapter_reads_naive_times_as_malformed(fake_carriers):
    fake_carriers.serve(
        "/tracking/v1/slips/1",
        b'{"statusList": [{"status": "\\u8377", "dateTime": "2026-11-20T10:12:00"}]}',
    )
    fake_carriers.serve(
        "/track/shipments?trackingNumber=1",
        b'{"shipments": [{"events": [{"timestamp": "2026-11-20T10:12:00", "statusCode": "x"}]}]}',
    )

    for adapter in (YamatoAdapter, ExpressAdapter):
        with pytest.raises(CarrierResponseInvalid):
            adapter(base_url=fake_carriers.url).fetch_events("1")
