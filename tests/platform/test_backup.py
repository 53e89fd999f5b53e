"""Backups (docs/operations.md "Backups"): bin/backup's dump restores with bin/restore into a
fresh database, and the app starts on it."""

import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{name}"


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_into_a_fresh_database_and_the_app_starts_on_it(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backups are pg_dump/pg_restore of PostgreSQL; SQLite's database is a file")
    user = UserFactory(email="restored@example.com")
    dump = tmp_path / "transship.dump"
    fresh = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}

    backup = subprocess.run(
        ["bin/backup", str(dump)],
        cwd=ROOT,
        env={**env, "DATABASE_URL": _url(connection.settings_dict["NAME"])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert backup.returncode == 0, backup.stderr
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore = subprocess.run(
            ["bin/restore", str(dump)],
            cwd=ROOT,
            env={**env, "DATABASE_URL": _url(fresh)},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert restore.returncode == 0, restore.stdout + restore.stderr
        assert "restored" in restore.stdout
        with psycopg.connect(_url(fresh)) as restored:
            row = restored.execute(
                "SELECT id FROM accounts_user WHERE email = %s", [user.email]
            ).fetchone()
        assert row == (user.pk,)

        again = subprocess.run(
            ["bin/restore", str(dump)],
            cwd=ROOT,
            env={**env, "DATABASE_URL": _url(fresh)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert again.returncode == 2  # never over a database that has data
        assert "new, empty one" in again.stderr
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
