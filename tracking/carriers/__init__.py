"""The carrier adapters, by the code a carrier service names (`CarrierService.tracking_adapter`)."""

from constance import config
from django.conf import settings

from tracking.carriers.base import (
    CarrierAdapter,
    CarrierError,
    CarrierRateLimited,
    CarrierResponseInvalid,
    CarrierUnavailable,
    TrackingEvent,
)
from tracking.carriers.express import ExpressAdapter
from tracking.carriers.japan_post import JapanPostAdapter
from tracking.carriers.yamato import YamatoAdapter

ADAPTERS: dict[str, type[CarrierAdapter]] = {
    JapanPostAdapter.code: JapanPostAdapter,
    YamatoAdapter.code: YamatoAdapter,
    ExpressAdapter.code: ExpressAdapter,
}


def adapter_for(code: str) -> CarrierAdapter | None:
    """The configured adapter for a carrier family, or None when it has no base URL."""
    options = settings.TRACKING_CARRIERS.get(code) or {}
    if code not in ADAPTERS or not options.get("base_url"):
        return None
    return ADAPTERS[code](
        base_url=options["base_url"],
        api_key=options.get("api_key", ""),
        attempts=config.TRACKING_HTTP_ATTEMPTS,
        timeout=float(options.get("timeout", 10)),
    )


__all__ = [
    "ADAPTERS",
    "CarrierAdapter",
    "CarrierError",
    "CarrierRateLimited",
    "CarrierResponseInvalid",
    "CarrierUnavailable",
    "TrackingEvent",
    "adapter_for",
]
