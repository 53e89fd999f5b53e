"""One log line per finished Celery task (name, id, duration, outcome) and the task outcome
counters of `/metrics` (transship/metrics.py). Celery's own signals, connected in
transship/celery.py only to log and count."""

import logging
import time
from typing import Any

from django.core.cache import cache

log = logging.getLogger("transship.tasks")

_started: dict[str, float] = {}

OUTCOMES = ("success", "failure", "retry")


def counter_key(task: str, outcome: str) -> str:
    return f"metrics:task:{task}:{outcome}"


def task_outcome_count(*, task: str, outcome: str) -> None:
    """Count one finished task (from the worker's task signals, below)."""
    key = counter_key(task, outcome)
    try:
        if not cache.add(key, 1, timeout=None):
            cache.incr(key)
    except Exception:  # a metric never fails a task
        log.warning("could not count task outcome %s %s", task, outcome, exc_info=True)


def on_task_prerun(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        _started[task_id] = time.monotonic()


def on_task_postrun(
    task_id: str | None = None, task: Any = None, state: str | None = None, **kwargs: Any
) -> None:
    started = _started.pop(task_id or "", None)
    duration_ms = round((time.monotonic() - started) * 1000, 1) if started is not None else None
    outcome = {"SUCCESS": "success", "FAILURE": "failure", "RETRY": "retry"}.get(
        state or "", (state or "unknown").lower()
    )
    name = getattr(task, "name", "?")
    log.info(
        "task %s %s",
        name,
        outcome,
        extra={"task": name, "task_id": task_id, "duration_ms": duration_ms, "outcome": outcome},
    )
    if outcome in ("success", "failure", "retry"):
        task_outcome_count(task=name, outcome=outcome)
