import pytest

from shipping.models import TrackingAdapter
from tests.shipping.factories import CarrierServiceFactory
from tests.tracking.carrier_fake import FakeCarriers


@pytest.fixture(scope="session")
def _carrier_server():
    server = FakeCarriers()
    yield server
    server.close()


@pytest.fixture
def fake_carriers(_carrier_server, settings):
    """The three carriers' APIs on one local server; the poller's backoff does not really sleep."""
    _carrier_server.reset()
    settings.TRACKING_CARRIERS = {
        code: {"base_url": _carrier_server.url, "api_key": "test-key", "timeout": 2}
        for code in ("japan_post", "yamato", "express")
    }
    return _carrier_server


@pytest.fixture(autouse=True)
def backoff_waits(monkeypatch):
    """Backoff waits are recorded, not slept (tests assert them)."""
    waits: list[float] = []
    monkeypatch.setattr("tracking.carriers.base.backoff_sleep", waits.append)
    return waits


@pytest.fixture
def ems(db):
    return CarrierServiceFactory(
        code="ems",
        name="EMS",
        carrier="Japan Post",
        tracking_url="https://trackings.post.japanpost.jp/services/srv/search/?requestNo1={number}",
        tracking_adapter=TrackingAdapter.JAPAN_POST,
        expected_event_gap_days=7,
    )


@pytest.fixture
def sea_mail(db):
    return CarrierServiceFactory(
        code="sea",
        name="Sea mail",
        carrier="Japan Post",
        tracking_adapter=TrackingAdapter.JAPAN_POST,
        expected_event_gap_days=21,
    )


@pytest.fixture
def yamato(db):
    return CarrierServiceFactory(
        code="yamato-intl",
        name="Yamato international",
        carrier="Yamato Transport",
        tracking_adapter=TrackingAdapter.YAMATO,
    )


@pytest.fixture
def dhl(db):
    return CarrierServiceFactory(
        code="dhl",
        name="DHL Express",
        carrier="DHL",
        tracking_adapter=TrackingAdapter.EXPRESS,
        is_courier=True,
        expected_event_gap_days=3,
    )
