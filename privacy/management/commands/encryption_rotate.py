"""Re-encrypt every encrypted column under the newest key (see docs/privacy.md, key rotation).

1. Generate a key (`Fernet.generate_key()` of the cryptography package).
2. Put it FIRST in FIELD_ENCRYPTION_KEYS (keep the old ones after it) and deploy.
3. python manage.py encryption_rotate          (re-encrypts in batches; safe to re-run)
4. python manage.py encryption_rotate --check  (fails if any value still needs an old key)
5. Remove the old key from FIELD_ENCRYPTION_KEYS and deploy.
"""

from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from transship.fields import PREFIX, EncryptedTextField, rotate


def encrypted_columns() -> list[tuple[type, str]]:
    return [
        (model, field.column)
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


class Command(BaseCommand):
    help = "Re-encrypt encrypted columns under the first key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify that every value opens with the newest key alone.",
        )

    def handle(self, *args: Any, batch_size: int, check: bool, **options: Any) -> None:
        newest = Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode())
        qn = connection.ops.quote_name
        total = stale = 0
        for model, column in encrypted_columns():
            table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
            last = None
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    where = f"{qn(column)} LIKE %s" + (
                        f" AND {pk} > %s" if last is not None else ""
                    )
                    params: list[Any] = [PREFIX + "%"] + ([last] if last is not None else [])
                    cursor.execute(
                        f"SELECT {pk}, {qn(column)} FROM {table} WHERE {where} "  # noqa: S608
                        f"ORDER BY {pk} LIMIT {int(batch_size)} FOR UPDATE"
                        if connection.vendor == "postgresql"
                        else f"SELECT {pk}, {qn(column)} FROM {table} WHERE {where} "  # noqa: S608
                        f"ORDER BY {pk} LIMIT {int(batch_size)}",
                        params,
                    )
                    rows = cursor.fetchall()
                    if not rows:
                        break
                    for row_pk, stored in rows:
                        total += 1
                        if check:
                            try:
                                newest.decrypt(stored[len(PREFIX) :].encode())
                            except InvalidToken:
                                stale += 1
                            continue
                        cursor.execute(
                            f"UPDATE {table} SET {qn(column)} = %s WHERE {pk} = %s",  # noqa: S608
                            [rotate(stored), row_pk],
                        )
                    last = rows[-1][0]
            self.stdout.write(f"{model._meta.label}.{column}: done")
        if check:
            if stale:
                raise CommandError(f"{stale} of {total} values still need an older key.")
            self.stdout.write(self.style.SUCCESS(f"All {total} values open with the newest key."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} values."))
