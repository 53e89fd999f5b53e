"""The Celery app. Tasks are discovered in each app's `tasks.py`; the beat schedule lives in the
database (django-celery-beat) and is seeded from each AppConfig's `periodic_tasks`."""

import os
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transship.settings")

app = Celery("transship")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# One log line and one counted outcome per task (transship/task_log.py, imported when a task runs:
# this module loads with the settings, before Django is set up).
@signals.task_prerun.connect(weak=False)
def _task_started(**kwargs: Any) -> None:
    from transship import task_log

    task_log.on_task_prerun(**kwargs)


@signals.task_postrun.connect(weak=False)
def _task_finished(**kwargs: Any) -> None:
    from transship import task_log

    task_log.on_task_postrun(**kwargs)


@signals.task_prerun.connect
@signals.task_postrun.connect
def _close_old_connections(sender: object = None, **kwargs: object) -> None:
    """What Django does around each request, around each task: drop a connection that broke or
    outlived CONN_MAX_AGE, keep the others (CELERY_DB_REUSE_MAX stops Celery closing them all).
    Not for a task run eagerly, inside its caller's transaction (as Celery's own fixup)."""
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
