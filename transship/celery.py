"""The Celery app. Tasks are discovered in each app's `tasks.py`; the beat schedule lives in the
database (django-celery-beat) and is seeded from each AppConfig's `periodic_tasks`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transship.settings")

app = Celery("transship")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
