"""Notifications delivered per second by one Celery worker on the `mail` queue (issue 16's capacity
note, docs/operations.md). Prints, it does not assert.

    DATABASE_URL=postgres://… REDIS_URL=redis://…/6 .venv/bin/python bench/notifications.py
    .venv/bin/python bench/notifications.py --messages 2000 --concurrency 1 --concurrency 4

It never touches your data: on PostgreSQL it creates (and afterwards drops) its own database
`<your database>_bench_notifications`; on SQLite it uses a temp file. The outbox is filled with
`--messages` rendered emails, one `notifications.deliver` task each is queued on the broker
(REDIS_URL's, else a filesystem broker in a temp folder), then a real worker (`celery worker -Q
mail`, prefork with each `--concurrency`) is started and timed from "ready" until every row is
sent; the `in-process` row calls the same service in a loop without broker or worker. Email goes
to Django's in-memory backend: the figure is our side (broker, claim, send call,
record), the ceiling a worker reaches before the SMTP provider's own latency, which adds to it."""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url() -> tuple[str, str | None]:
    """A DATABASE_URL of a fresh database of our own, and its name to drop afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3", None
    import psycopg

    base, _, name = url.rpartition("/")
    bench = f"{name.split('?')[0] or 'transship'}_bench_notifications"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{bench}"')
        admin.execute(f'CREATE DATABASE "{bench}"')
    return f"{base}/{bench}", bench


def drop_database(url: str, name: str | None) -> None:
    if name is None:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{url.rpartition('/')[0]}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(messages: int) -> list[int]:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from notifications.models import Notification

    users = list(User.objects.filter(email__startswith="bench")) or User.objects.bulk_create(
        User(email=f"bench{i}@example.com", password=make_password(None), full_name=f"Bench {i}")
        for i in range(min(messages, 500))
    )
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        Notification(
            user=users[i % len(users)],
            event="parcel.arrived",
            category=Notification.Category.TRANSACTIONAL,
            channel=Notification.Channel.EMAIL,
            language="en",
            recipient=users[i % len(users)].email,
            subject="Your parcel arrived",
            body_text="Your parcel arrived at our warehouse.\n" * 10,
            body_html="<p>Your parcel arrived at our warehouse.</p>" * 10,
            context={},
            next_attempt_at=now + timezone.timedelta(hours=1),
        )
        for i in range(messages)
    )
    return [row.pk for row in rows]


def run(concurrency: int, messages: int, env: dict[str, str]) -> float:
    from notifications.models import Notification
    from transship.queue import task_enqueue

    Notification.objects.all().delete()
    ids = fill(messages)
    for pk in ids:
        task_enqueue("notifications.deliver", pk)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "transship", "worker", "-Q", "mail",
         f"--concurrency={concurrency}", "--loglevel=WARNING", "--without-heartbeat",
         "--without-gossip", "--without-mingle", "--prefetch-multiplier=4"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        # Timed from the first row sent (the worker is up), so start-up is not counted.
        while not Notification.objects.filter(status=Notification.Status.SENT).exists():
            time.sleep(0.01)
        started = time.perf_counter()
        first = Notification.objects.filter(status=Notification.Status.SENT).count()
        while Notification.objects.filter(status=Notification.Status.SENT).count() < messages:
            if worker.poll() is not None:
                raise SystemExit("the worker exited")
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        worker.kill()
        worker.wait()
    return (messages - first) / elapsed


def in_process(messages: int) -> float:
    """The same deliveries called in this process, one after another: no broker, no worker."""
    from notifications import services
    from notifications.models import Notification

    Notification.objects.all().delete()
    ids = fill(messages)
    started = time.perf_counter()
    for pk in ids:
        services.notification_deliver(notification_id=pk)
    return messages / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, action="append")
    args = parser.parse_args()
    url, name = bench_database_url()
    broker = os.environ.get("REDIS_URL") or "filesystem://localhost/"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": broker,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transship.settings")
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        from transship.celery import app

        if broker.startswith("redis"):
            with app.connection_for_write() as connection:
                connection.default_channel.client.delete("mail")
        print(f"database: {'PostgreSQL' if name else 'SQLite'}; broker: {broker.split(':')[0]}")
        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"{'worker processes':>16}  {'messages':>8}  {'delivered/s':>11}")
        rate = in_process(args.messages)
        print(f"{'in-process':>16}  {args.messages:>8}  {rate:>11.0f}")
        for concurrency in args.concurrency or [1, 2]:
            rate = run(concurrency, args.messages, env)
            print(f"{concurrency:>16}  {args.messages:>8}  {rate:>11.0f}")
    finally:
        drop_database(url, name)


if __name__ == "__main__":
    main()
