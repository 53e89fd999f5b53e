"""One log line per finished Celery task (name, id, duration, outcome) and the task outcome
counters of `/metrics` (transship/metrics.py). Celery's own signals, connected in
transship/celery.py only to log and count."""

import logging
import time
from typing import Any

from transship.metrics import task_outcome_count

log = logging.getLogger("transship.tasks")

_started: dict[str, float] = {}


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
