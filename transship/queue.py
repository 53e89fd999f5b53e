"""Queueing a Celery task by its registered name.

An app's `tasks.py` calls its services (tasks are thin), so a service that queues follow-up work
cannot import the tasks module back without an import cycle. It names the task instead:
`task_enqueue("parcels.deliver_storage_reminders")`. Every app's tasks module is imported at
startup (`TransshipConfig.ready`), so in the web process as in the worker the name resolves to
the registered task, and eager mode (tests) runs it in-process as `delay` would."""

from typing import Any

from django.db import transaction

from transship.celery import app


def task_enqueue(name: str, *args: Any, **options: Any) -> None:
    """Queue the task registered as `name` now; `options` go to `apply_async`."""
    app.tasks[name].apply_async(args, **options)


def task_enqueue_on_commit(name: str, *args: Any) -> None:
    """Queue the task registered as `name` once the current transaction commits, so a rolled-back
    change never sets anything off."""
    transaction.on_commit(lambda: task_enqueue(name, *args))
