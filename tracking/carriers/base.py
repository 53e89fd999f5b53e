"""One interface for every carrier's tracking API: `fetch_events(tracking_number)` answers the
carrier's events in our words (`TrackingEvent`, statuses of `TrackingStatus`).

An adapter talks HTTP to its carrier's base URL (settings: `TRACKING_CARRIERS`), retries a 429 or
a 5xx or a timeout with exponential backoff (honouring `Retry-After`, capped), and raises a
`CarrierError` the poller records when the carrier still fails: it never returns half an answer."""

import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracking.states import TrackingStatus

MAX_BACKOFF_SECONDS = 30.0


@dataclass(frozen=True)
class TrackingEvent:
    """One carrier event: when, where, the carrier's code and words, and what it means."""

    occurred_at: datetime
    status: str
    code: str
    description: str
    location: str
    key: str


class CarrierError(Exception):
    """The carrier did not answer usefully; the poller records it and tries again later."""


class CarrierRateLimited(CarrierError):
    """Still 429 after the retries: stop asking this carrier for the rest of the run."""


class CarrierUnavailable(CarrierError):
    """5xx, timeouts or refused connections after the retries."""


class CarrierResponseInvalid(CarrierError):
    """An answer we cannot read (not JSON, not the documented shape)."""


def event_key(tracking_number: str, *parts: object) -> str:
    """A stable key for a carrier event that has no id of its own: the same event read twice
    gets the same key, so it is recorded once."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:24]
    return f"{tracking_number}:{digest}"


class CarrierAdapter:
    """Base of the adapters: HTTP with backoff; subclasses build the request and read the body."""

    code: str = ""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str = "",
        attempts: int = 3,
        timeout: float = 10.0,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.sleep = sleep

    # --- what a subclass provides ---------------------------------------------------------------
    def request_for(self, tracking_number: str) -> urllib.request.Request:
        raise NotImplementedError

    def parse(self, tracking_number: str, body: Any) -> list[TrackingEvent]:
        raise NotImplementedError

    # --- the interface --------------------------------------------------------------------------
    def fetch_events(self, tracking_number: str) -> list[TrackingEvent]:
        """The carrier's events for this number, oldest first ([] when it knows none yet)."""
        status, raw = self._get(self.request_for(tracking_number))
        if status == 404:
            return []
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise CarrierResponseInvalid(f"{self.code}: not JSON") from exc
        try:
            events = self.parse(tracking_number, body)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CarrierResponseInvalid(f"{self.code}: unexpected shape ({exc!r})") from exc
        return sorted(events, key=lambda e: e.occurred_at)

    def _get(self, request: urllib.request.Request) -> tuple[int, bytes]:
        last: CarrierError = CarrierUnavailable(f"{self.code}: no attempt")
        for attempt in range(self.attempts):
            delay = min(MAX_BACKOFF_SECONDS, 0.5 * 2**attempt)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) base URL from settings
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return 404, b""
                if exc.code == 429:
                    last = CarrierRateLimited(f"{self.code}: 429 Too Many Requests")
                    delay = min(MAX_BACKOFF_SECONDS, _retry_after(exc) or delay)
                elif exc.code >= 500:
                    last = CarrierUnavailable(f"{self.code}: HTTP {exc.code}")
                else:
                    raise CarrierError(f"{self.code}: HTTP {exc.code}") from exc
            except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
                last = CarrierUnavailable(f"{self.code}: {type(exc).__name__}")
            if attempt + 1 < self.attempts:
                (self.sleep or backoff_sleep)(delay)
        raise last

    def _json_request(
        self, url: str, headers: dict[str, str] | None = None
    ) -> urllib.request.Request:
        return urllib.request.Request(  # noqa: S310 - http(s) base URL from settings
            url, headers={"Accept": "application/json", **(headers or {})}, method="GET"
        )

    def _quote(self, tracking_number: str) -> str:
        return urllib.parse.quote(tracking_number, safe="")


def backoff_sleep(seconds: float) -> None:
    """Wait before the next attempt (tests replace it to record the waits)."""
    time.sleep(seconds)


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def status_from_words(text: str, default: str = TrackingStatus.IN_TRANSIT) -> str:
    """A status from a carrier's free words, for carriers whose codes say less than their text."""
    lowered = text.lower()
    for needle, status in (
        ("return", TrackingStatus.RETURNED),
        ("customs", TrackingStatus.CUSTOMS),
        ("clearance", TrackingStatus.CUSTOMS),
        ("out for delivery", TrackingStatus.OUT_FOR_DELIVERY),
        ("with delivery courier", TrackingStatus.OUT_FOR_DELIVERY),
        ("delivered", TrackingStatus.DELIVERED),
    ):
        if needle in lowered:
            return status
    return default
