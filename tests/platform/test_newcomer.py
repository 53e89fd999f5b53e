"""What a newcomer sees on the console of `make run`: the right links, no noise, no false alarms."""

import logging
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from transship.log_filters import ClientErrorsWithoutTraceback

ROOT = Path(__file__).resolve().parents[2]


def _settings_value(expression: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; " + expression,
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "transship.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_site_url_follows_the_port_make_run_serves_on():
    moved = _settings_value("print(settings.SITE_URL)", PORT="8123")
    default = _settings_value("print(settings.SITE_URL)")
    explicit = _settings_value("print(settings.SITE_URL)", PORT="8123", SITE_URL="https://x.test")

    assert moved.stdout.strip() == "http://127.0.0.1:8123"
    assert default.stdout.strip() == "http://127.0.0.1:8000"
    assert explicit.stdout.strip() == "https://x.test"


def test_the_embedded_broker_connects_without_a_hostname_warning():
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import logging; logging.basicConfig();"
            "from transship.celery import app;"
            "conn = app.connection_for_write(); conn._info(); print(conn.transport_cls)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "transship.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "filesystem"
    assert "No hostname" not in result.stderr


def test_worker_prints_reach_the_console_instead_of_the_log():
    assert settings.CELERY_WORKER_REDIRECT_STDOUTS is False


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("refused")
    except PermissionError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden", (), sys.exc_info()
        )
    record.status_code = status
    return record


def test_a_refused_request_logs_one_line_without_a_traceback():
    refused, crashed = _record(403), _record(500)

    ClientErrorsWithoutTraceback().filter(refused)
    ClientErrorsWithoutTraceback().filter(crashed)

    assert refused.exc_info is None
    assert crashed.exc_info is not None
    assert "client_errors_without_traceback" in settings.LOGGING["handlers"]["console"]["filters"]
