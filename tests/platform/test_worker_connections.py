"""A Celery worker keeps its PostgreSQL connection from one task to the next (#15): Celery's
Django fixup closed it around every task, and reconnecting was a third of a worker's time."""

from types import SimpleNamespace

import pytest
from celery.fixups.django import DjangoWorkerFixup
from django.db import connection

from transship.celery import _close_old_connections
from transship.celery import app as celery_app


def _run_task(fixup: DjangoWorkerFixup) -> int:
    """What the worker does around one task, returning the server process that served it."""
    task = SimpleNamespace(request=SimpleNamespace(is_eager=False))
    fixup.on_task_prerun(sender=task)
    _close_old_connections(sender=task)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fixup.on_task_postrun(sender=task)
    _close_old_connections(sender=task)
    return pid


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite opens a file, not a server connection (CONN_MAX_AGE is PostgreSQL's)")


def test_two_tasks_in_a_row_use_one_connection(postgresql):
    fixup = DjangoWorkerFixup(celery_app)

    assert fixup.db_reuse_max
    assert _run_task(fixup) == _run_task(fixup)


def test_without_the_reuse_setting_celery_reconnects_for_every_task(postgresql):
    fixup = DjangoWorkerFixup(celery_app)
    fixup.db_reuse_max = None

    assert _run_task(fixup) != _run_task(fixup)
