"""Fixtures for the whole suite: users, a real browser, a real Celery worker.

The browser is Debian's Chromium driven by Playwright (no browser download); the worker is a real
`celery worker` process against the configured broker (Redis in CI)."""

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation

from notifications.sms import LocmemBackend
from tests.factories import PASSWORD, AddressFactory, StaffFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path) -> None:
    """Every test: emails and texts in memory, media in a temp dir, a fast password hasher.

    Full PBKDF2 for every user of every parcel was most of the suite's time; the production hasher
    is proved by tests/accounts/test_password_hashing.py."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "notifications.sms.LocmemBackend"
    LocmemBackend.outbox = []
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    mail.outbox = []
    # A request leaves its language active in the thread; the next test starts in the default,
    # whichever test ran before it in this process.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffFactory(groups=["Warehouse staff"])


@pytest.fixture
def support_agent(db):
    return StaffFactory(groups=["Support agent"])


@pytest.fixture
def finance_user(db):
    return StaffFactory(groups=["Finance"])


@pytest.fixture
def superuser(db):
    return StaffFactory(is_superuser=True)


@pytest.fixture
def address(user):
    return AddressFactory(user=user)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


# --- Browser -------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def _playwright() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API loop
    from constance.base import Config
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves an asyncio loop marked running in the test thread, which makes
    # constance hand out awaitables instead of values; the code under test is synchronous.
    real_getattr = Config.__getattr__

    def sync_getattr(self, key):
        if key == "_backend":
            return real_getattr(self, key)
        from constance import settings as constance_settings

        try:
            default = constance_settings.CONFIG[key][0]
        except KeyError as exc:
            raise AttributeError(key) from exc
        return self._get_sync_value(key, default)

    with sync_playwright() as playwright:
        Config.__getattr__ = sync_getattr
        try:
            yield playwright
        finally:
            Config.__getattr__ = real_getattr


@pytest.fixture(scope="session")
def browser_instance(_playwright) -> Iterator[object]:
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser_instance, live_server, request) -> Iterator[object]:
    """A fresh browser context (own cookies) with `page.url_for(path)` pointing at the live server.

    On failure a screenshot goes to test-artifacts/ for the person reading CI's output."""
    context = browser_instance.new_context(locale="en-US", base_url=live_server.url)
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    yield new_page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        out = ROOT / "test-artifacts"
        out.mkdir(exist_ok=True)
        new_page.screenshot(path=str(out / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def login_in_browser(page, email: str, password: str = PASSWORD) -> None:
    """Log in through allauth's real form."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")


# --- Object storage ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """A local S3-compatible HTTP server (moto in server mode) on 127.0.0.1, for the session."""
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings):
    """The default storage is a fresh private bucket on the local S3 server, configured as
    production configures it (transship.settings.object_storage). Yields a boto3 client and the
    bucket name, to look at the bucket beside the application."""
    import uuid

    import boto3

    from transship.settings import object_storage

    credentials = {
        "endpoint_url": s3_server,
        "aws_access_key_id": "test-key",
        "aws_secret_access_key": "test-secret",
        "region_name": "us-east-1",
    }
    bucket = f"transship-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", **credentials)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage(
            bucket,
            endpoint_url=s3_server,
            access_key="test-key",
            secret_key="test-secret",
            region_name="us-east-1",
        ),
    }
    return client, bucket


# --- Celery worker -------------------------------------------------------------------------------
@pytest.fixture
def celery_worker_process(transactional_db, settings, live_server) -> Iterator[subprocess.Popen]:
    """A real `celery worker` in a subprocess, on the test database and the configured broker.

    Needs `transactional_db`: the worker is another process, so it must see committed rows.
    `live_server` is requested only so the test database exists under its final name."""
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "transship.settings",
        "TESTING": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        if db["NAME"] == ":memory:" or "mode=memory" in str(db["NAME"]):
            pytest.skip("a worker process cannot share an in-memory SQLite database")
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    mail_dir = Path(settings.MEDIA_ROOT).parent / "worker-mail"
    mail_dir.mkdir(parents=True, exist_ok=True)
    env["EMAIL_FILE_PATH"] = str(mail_dir)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "transship",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc.mail_dir = mail_dir  # type: ignore[attr-defined]
    lines: list[str] = []
    proc.log = lines  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if "ready." in line:
            break
        if proc.poll() is not None:
            pytest.fail("celery worker exited:\n" + "".join(lines))
    else:
        proc.kill()
        pytest.fail("celery worker did not start:\n" + "".join(lines))
    # Keep draining the worker's output so a full pipe never blocks it.
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    yield proc
    # The test is over and nothing of the worker's is needed: SIGKILL ends it at once, where a
    # warm or cold shutdown spends about five seconds closing the consumer down.
    proc.kill()
    proc.wait(timeout=20)


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
