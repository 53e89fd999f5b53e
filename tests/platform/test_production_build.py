"""What the production image builds, served as production serves it.

The Dockerfile runs `bin/build-static` and then gunicorn with DEBUG=false. This test runs the same
script into a temporary STATIC_ROOT and serves pages from gunicorn with DEBUG=false against the test
database: a missing manifest entry would answer 500 on every page (it did once)."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def production_server(transactional_db, tmp_path):
    static_root = tmp_path / "staticfiles"
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "STATIC_ROOT": str(static_root),
    }
    build = subprocess.run(
        ["sh", "bin/build-static"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert (static_root / "staticfiles.json").exists()

    port = _free_port()
    from cryptography.fernet import Fernet

    serve_env = {
        **os.environ,
        "DEBUG": "false",
        "TESTING": "false",
        "SECRET_KEY": "p" * 64,
        "ALLOWED_HOSTS": "127.0.0.1",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": _database_url(),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "transship.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=serve_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(base + "/healthz")
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail("gunicorn exited:\n" + server.stdout.read())
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(timeout=20)


def test_the_built_image_serves_pages_and_hashed_static_files_with_debug_off(production_server):
    status, home = _get(production_server + "/")
    login_status, login = _get(production_server + "/accounts/login/")
    missing_status, missing = _get(production_server + "/no-such-page/")

    assert status == 200
    assert login_status == 200
    assert missing_status == 404
    assert "Missing staticfiles manifest entry" not in home + login + missing
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home)
    assert stylesheet, "pages link the hashed stylesheet from the manifest"
    css_status, _ = _get(production_server + stylesheet.group(1))
    assert css_status == 200
