from importlib import import_module

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.module_loading import module_has_submodule


class TransshipConfig(AppConfig):
    name = "transship"
    verbose_name = "Transship"

    def ready(self) -> None:
        from transship import schedule, schema  # noqa: F401 - registers the OpenAPI extension
        from transship.api import json_types_enforce

        json_types_enforce()

        # Django's own lifecycle signal, connected only to call one service at once.
        post_migrate.connect(schedule.on_post_migrate, dispatch_uid="transship.schedule")
        # Services queue tasks by name (transship/queue.py): register every app's tasks in every
        # process, not only in the worker that autodiscovers them.
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "tasks"):
                import_module(f"{config.name}.tasks")
