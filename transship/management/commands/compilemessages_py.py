"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, so `make run` needs no GNU gettext."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translation catalogs without GNU gettext."

    def handle(self, *args: object, **options: object) -> None:
        count = 0
        for base in settings.LOCALE_PATHS:
            for po_path in Path(base).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"compiled {count} catalog(s)")
