"""Redis stops while the site runs: pages, login and the API still answer; mail waits, goes once.

The test starts a Redis of its own (never the shared one), serves the site from gunicorn with that
Redis as cache and broker, stops it, uses the site, starts it again and lets a real worker deliver
what was written during the outage."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.test import override_settings
from django.utils import timezone

from tests.conftest import wait_until
from tests.factories import PASSWORD, UserFactory
from transship import settings as project_settings

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server (apt-get install redis)"),
]


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


class PrivateRedis:
    def __init__(self, tmp_path: Path) -> None:
        self.port = _free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_until(self._answers, timeout=20), "private redis did not start"

    def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=20)
        assert not self._answers()

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    if redis.process and redis.process.poll() is None:
        redis.process.terminate()
        redis.process.wait(timeout=20)


def _app_env(redis: PrivateRedis, mail_dir: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "SITE_URL"}}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "transship.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis.url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }


@pytest.fixture
def site(transactional_db, private_redis, tmp_path):
    port = _free_port()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
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
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=_app_env(private_redis, mail_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return requests.get(base + "/healthz", timeout=10).status_code == 200
        except requests.RequestException:
            return False

    assert wait_until(up, timeout=60), "gunicorn did not start"
    yield base, mail_dir
    server.terminate()
    server.wait(timeout=20)


def _log_in(session: requests.Session, base: str, email: str) -> requests.Response:
    form = session.get(base + "/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return session.post(
        base + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        headers={"Referer": base + "/accounts/login/"},
        timeout=20,
    )


def _worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "transship",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_the_site_keeps_working_without_redis_and_mail_goes_out_once_it_returns(
    site, private_redis
):
    from notifications.models import Notification

    base, mail_dir = site
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        member = UserFactory()  # gunicorn checks passwords with production's hashers
    session = requests.Session()

    private_redis.stop()
    home = session.get(base + "/", timeout=20)
    login = _log_in(session, base, member.email)
    dashboard = session.get(base + "/me/", timeout=20)
    api = session.get(base + "/api/v1/parcels/", timeout=20)
    reset_form = requests.get(base + "/accounts/password/reset/", timeout=20)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reset_form.text).group(1)
    reset = requests.post(
        base + "/accounts/password/reset/",
        data={"csrfmiddlewaretoken": token, "email": member.email},
        cookies=reset_form.cookies,
        timeout=20,
        allow_redirects=False,
    )

    assert home.status_code == 200
    assert login.status_code == 200
    assert login.url.rstrip("/").endswith("/me") or "/accounts/login" not in login.url
    assert dashboard.status_code == 200
    assert member.member_code in dashboard.text.replace("-", "")
    assert api.status_code == 200
    assert api.headers["Content-Type"].startswith("application/json")
    assert reset.status_code == 302
    written = Notification.objects.get(user=member, event="account.mail")
    assert written.status == Notification.Status.PENDING
    assert not any(mail_dir.iterdir())

    # Redis returns; the sweep finds the message once its grace period has passed.
    private_redis.start()
    Notification.objects.filter(pk=written.pk).update(next_attempt_at=timezone.now())
    env = _app_env(private_redis, mail_dir)
    worker = _worker(env)
    try:
        sweep = [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from notifications.tasks import deliver_pending; deliver_pending()",
        ]
        for _ in range(2):  # twice: the claim keeps the message from going out twice
            subprocess.run(sweep, cwd=ROOT, env=env, check=True, timeout=60)
        delivered = wait_until(
            lambda: Notification.objects.get(pk=written.pk).status == Notification.Status.SENT,
            timeout=60,
        )
        time.sleep(1)
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    assert delivered
    messages = [path.read_text() for path in mail_dir.iterdir()]
    assert len(messages) == 1
    assert member.email in messages[0]
