"""Export ZIPs in file storage (the default storage: MEDIA_ROOT in development, the private bucket
in production). A file is deleted only once the transaction that forgot it commits, so a rollback
never leaves a row pointing at a missing file."""

from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction


def export_files_delete_on_commit(names: Iterable[str]) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
