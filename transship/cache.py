"""A Redis cache that keeps the site up when Redis is not.

Everything we keep in the cache can be lost: constance reads its settings from the database on a
miss, allauth's login rate limits and DRF's throttles start counting afresh. So a Redis outage must
cost those counters and nothing more: every operation that cannot reach Redis logs a warning and
answers as a miss (reads) or a no-op (writes), i.e. rate limits fail open while Redis is down."""

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _fail_open(method_name: str, fallback: Any):
    parent = getattr(RedisCache, method_name)

    def method(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return parent(self, *args, **kwargs)
        except UNREACHABLE as exc:
            log.warning("cache unavailable, %s answered as a miss: %s", method_name, exc)
            value = fallback(args, kwargs)
            return value

    method.__name__ = method_name
    method.__doc__ = parent.__doc__
    return method


def _default(args: tuple, kwargs: dict) -> Any:
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class ResilientRedisCache(RedisCache):
    get = _fail_open("get", _default)
    get_many = _fail_open("get_many", lambda args, kwargs: {})
    has_key = _fail_open("has_key", lambda args, kwargs: False)
    set = _fail_open("set", lambda args, kwargs: None)
    # "Added": a lock taken through the cache (allauth's rate limits) is granted, failing open.
    add = _fail_open("add", lambda args, kwargs: True)
    touch = _fail_open("touch", lambda args, kwargs: False)
    set_many = _fail_open("set_many", lambda args, kwargs: [])
    delete = _fail_open("delete", lambda args, kwargs: False)
    delete_many = _fail_open("delete_many", lambda args, kwargs: None)
    clear = _fail_open("clear", lambda args, kwargs: False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as exc:
            log.warning("cache unavailable, incr refused: %s", exc)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from exc
