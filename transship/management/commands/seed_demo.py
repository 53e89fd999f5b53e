"""Demo data for `make run`: staff logins plus a customer with parcels in several states.

Idempotent: running it again finds what it made. Refuses to run with DEBUG off, so it can never
put known passwords into production."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - demo only; refused when DEBUG is off
APPS_WITH_DEMO = ("accounts", "shipping", "parcels", "billing", "privacy", "support")


class Command(BaseCommand):
    help = "Create demo users and data (development only)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG=false: it creates known logins."
            )
        logins: list[tuple[str, str, str]] = []
        with transaction.atomic():
            users: dict = {}
            for app in APPS_WITH_DEMO:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                module.seed(users=users, password=DEMO_PASSWORD, logins=logins)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for role, email, where in logins:
            self.stdout.write(f"  {role:<18} {email:<32} {where}")
