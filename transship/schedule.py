"""Seeds django-celery-beat from the `periodic_tasks` each AppConfig declares.

A declaration is `(name, task, crontab_kwargs)`. Existing rows are left as staff set them: the
schedule is theirs to change in the admin, we only add what is missing, and remove rows whose task
no longer exists (renamed or retired in code), which beat could only send to no worker.
"""

from typing import Any

from django.apps import apps
from django.db import transaction


@transaction.atomic
def periodic_tasks_sync() -> int:
    """Create the missing periodic tasks and drop rows of tasks that no longer exist; return how
    many were created."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from transship.celery import app

    # Every app's tasks module is imported at startup (TransshipConfig.ready), so the registry
    # names every task a worker can run.
    PeriodicTask.objects.exclude(task__in=list(app.tasks.keys())).delete()
    created = 0
    for config in apps.get_app_configs():
        for name, task, cron in getattr(config, "periodic_tasks", ()):
            if PeriodicTask.objects.filter(name=name).exists():
                continue
            schedule, _ = CrontabSchedule.objects.get_or_create(
                minute=cron.get("minute", "0"),
                hour=cron.get("hour", "*"),
                day_of_week=cron.get("day_of_week", "*"),
                day_of_month=cron.get("day_of_month", "*"),
                month_of_year=cron.get("month_of_year", "*"),
                timezone="Asia/Tokyo",
            )
            PeriodicTask.objects.create(name=name, task=task, crontab=schedule)
            created += 1
    return created


def on_post_migrate(sender: Any, **kwargs: Any) -> None:
    if sender.label == "django_celery_beat":  # runs once, after every app has migrated
        periodic_tasks_sync()
