from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TransshipConfig(AppConfig):
    name = "transship"
    verbose_name = "Transship"

    def ready(self) -> None:
        from transship import schedule, schema  # noqa: F401 - registers the OpenAPI extension
        from transship.api import json_types_enforce

        json_types_enforce()

        # Django's own lifecycle signal, connected only to call one service at once.
        post_migrate.connect(schedule.on_post_migrate, dispatch_uid="transship.schedule")
