"""Seeds django-celery-beat from the `periodic_tasks` each AppConfig declares.

A declaration is `(name, task, crontab_kwargs)`. Existing rows are left as staff set them: the
schedule is theirs to change in the admin, we only add what is missing.
"""

from typing import Any

from django.apps import apps
from django.db import transaction


@transaction.atomic
def periodic_tasks_sync() -> int:
    """Create the missing periodic tasks; return how many were created."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

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
