"""One run at a time of a periodic task, whatever the number of beats or workers.

Beat must run once (docs/operations.md), but a second beat started by mistake, or a slow run still
going when the next tick queues the task again, must not run the same sweep twice at once. The
sweeps are idempotent already; `single_run` also keeps two copies from racing:

- on PostgreSQL, a session advisory lock (`pg_try_advisory_lock`) keyed by the task's name: it is
  held by the database connection, so a worker that dies releases it with its connection;
- elsewhere (SQLite in development), a lock key added to the cache (Redis when `REDIS_URL` is set),
  expiring after `timeout` seconds in case the holder died.

The run that finds the lock taken does nothing and returns None (logged): the holder is doing the
work."""

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def _advisory_key(name: str) -> int:
    """A stable signed 64-bit key for `pg_try_advisory_lock` from the lock's name."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def run_lock(name: str, *, timeout: int = 3600) -> Iterator[bool]:
    """Yield True when this process took the lock `name` (released on exit), False when another
    holder has it."""
    if connection.vendor == "postgresql":
        key = _advisory_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            taken = cursor.fetchone()[0]
        try:
            yield taken
        finally:
            if taken:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    cache_key = f"run-lock:{name}"
    token = uuid.uuid4().hex
    taken = cache.add(cache_key, token, timeout)
    try:
        yield taken
    finally:
        if taken and cache.get(cache_key) == token:
            cache.delete(cache_key)


def single_run(function: F | None = None, *, name: str | None = None, timeout: int = 3600) -> Any:
    """Decorate a periodic task's function so that only one copy runs at a time (see module)."""

    def decorate(fn: F) -> F:
        lock_name = name or f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with run_lock(lock_name, timeout=timeout) as taken:
                if not taken:
                    log.info("skipped %s: another run holds its lock", lock_name)
                    return None
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate(function) if function is not None else decorate
