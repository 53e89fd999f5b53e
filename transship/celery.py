"""The Celery app. Tasks are discovered in each app's `tasks.py`; the beat schedule lives in the
database (django-celery-beat) and is seeded from each AppConfig's `periodic_tasks`."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transship.settings")

app = Celery("transship")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
