"""Performance figures of the warehouse (issue 4). Prints, it does not assert.

    .venv/bin/python bench/parcels.py                      # 20,000 customers, 200,000 parcels
    .venv/bin/python bench/parcels.py --customers 2000 --parcels 20000

It never touches your data: on PostgreSQL it creates (and afterwards drops) its own database
`<your database>_bench_parcels` next to the one in DATABASE_URL; on SQLite it uses a temp file.
Figures: the storage sweep's time and query count; intake scan p50/p95 through the same code
path as the admin intake screen (lookup + `parcel_intake`); the customer parcel list page for a
customer with 500 parcels (time and query count)."""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url() -> tuple[str, str | None]:
    """A DATABASE_URL of a fresh database of our own, and its name to drop afterwards."""
    import environ

    environ.Env.read_env(ROOT / ".env", overwrite=False)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3", None
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.split("?")[0] or "transship"
    bench = f"{name}_bench_parcels"
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
    base = url.rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def timed_queries(func):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
    return result, elapsed, len(captured.captured_queries)


def fill(*, customers: int, parcels: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts import member_codes
    from accounts.models import User
    from parcels.models import Parcel, ParcelItem
    from parcels.states import HoldReason, ParcelStatus

    rng = random.Random(4)
    password = make_password("bench-pass")
    codes: set[str] = set()
    while len(codes) < customers:
        codes.add(member_codes.generate())
    users = [
        User(email=f"bench{i}@bench.test", password=password, status="active", member_code=code)
        for i, code in enumerate(sorted(codes))
    ]
    User.objects.bulk_create(users, batch_size=5000)
    user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    heavy = user_ids[0]  # the customer with 500 parcels
    now = timezone.now()
    mix = (
        [ParcelStatus.STORED] * 40
        + [ParcelStatus.SHIPPED] * 30
        + [ParcelStatus.EXPECTED] * 10
        + [ParcelStatus.ON_HOLD] * 10
        + [ParcelStatus.PICKED] * 5
        + [ParcelStatus.DISPOSAL_DUE] * 5
    )
    batch: list[Parcel] = []
    for i in range(parcels):
        owner = heavy if i < 500 else rng.choice(user_ids)
        status = rng.choice(mix)
        received = (
            None
            if status == ParcelStatus.EXPECTED
            else now - timedelta(days=rng.randint(0, 75), hours=rng.randint(0, 23))
        )
        batch.append(
            Parcel(
                owner_id=owner,
                status=status,
                tracking_number=f"BENCH{i:010d}",
                shop_name="Bench shop",
                received_at=received,
                weight_g=None if received is None else rng.randint(100, 5000),
                length_cm=30,
                width_cm=20,
                height_cm=10,
                bin_location=f"R{rng.randint(1, 99):02d}",
                hold_reason=HoldReason.NO_DECLARATION if status == ParcelStatus.ON_HOLD else "",
            )
        )
        if len(batch) == 5000:
            Parcel.objects.bulk_create(batch)
            batch = []
    Parcel.objects.bulk_create(batch)
    heavy_ids = Parcel.objects.filter(owner_id=heavy).values_list("pk", flat=True)
    ParcelItem.objects.bulk_create(
        ParcelItem(
            parcel_id=pk, description="T-shirt", category="clothing", quantity=1, unit_value=1500
        )
        for pk in heavy_ids
    )
    return {"heavy": heavy, "user_ids": user_ids}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--parcels", type=int, default=200_000)
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="do not drop the bench database")
    args = parser.parse_args()

    url, name = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transship.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(url, name)


def run(args: argparse.Namespace) -> None:
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from notifications import tasks as notification_tasks
    from parcels import selectors, services
    from parcels.models import Parcel
    from tests.factories import StaffFactory

    # Delivery is asynchronous in production; here the outbox row is written (the real path)
    # and the enqueue is skipped so no broker is needed.
    notification_tasks.deliver.delay = lambda *a, **k: None

    started = time.perf_counter()
    data = fill(customers=args.customers, parcels=args.parcels)
    print(
        f"filled {args.customers:,} customers and {args.parcels:,} parcels "
        f"in {time.perf_counter() - started:.1f} s"
    )

    result, elapsed, queries = timed_queries(lambda: services.storage_sweep(now=timezone.now()))
    print(
        f"storage sweep: {elapsed * 1000:.0f} ms, {queries} queries "
        f"({result.reminders_created:,} reminders recorded, "
        f"{result.moved_to_disposal:,} parcels moved to disposal)"
    )
    _, elapsed, queries = timed_queries(lambda: services.storage_sweep(now=timezone.now()))
    print(f"storage sweep, run again (nothing to do): {elapsed * 1000:.0f} ms, {queries} queries")

    staff = StaffFactory(email="bench-staff@bench.test", groups=[])
    staff.groups.add(*Group.objects.filter(name="Warehouse staff"))
    rng = random.Random(7)
    owners = rng.sample(data["user_ids"], min(args.scans, len(data["user_ids"])))
    from parcels.services.declarations import declaration_create

    declared = [
        declaration_create(
            user=owner,
            tracking_number=f"SCAN{i:08d}",
            items=[
                {
                    "description": "Camera",
                    "category": "electronics",
                    "quantity": 1,
                    "unit_value": 30000,
                }
            ],
        ).tracking_number
        for i, owner in enumerate(User.objects.filter(pk__in=owners))
    ]
    timings = []
    for tracking in declared:
        start = time.perf_counter()
        selectors.intake_lookup(code=tracking)
        services.parcel_intake(
            tracking_number=tracking,
            weight_g=1200,
            length_cm=30,
            width_cm=20,
            height_cm=10,
            bin_location="A-01",
            actor=staff,
        )
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    print(
        f"intake scan ({len(timings)} scans): p50 {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms"
    )

    client = Client(SERVER_NAME="localhost")
    client.force_login(Parcel.objects.filter(owner_id=data["heavy"]).first().owner)
    client.get("/parcels/")  # warm the template cache
    response, elapsed, queries = timed_queries(lambda: client.get("/parcels/"))
    rows = Parcel.objects.filter(owner_id=data["heavy"]).count()
    print(
        f"customer parcel list ({rows} parcels): {elapsed * 1000:.0f} ms, {queries} queries, "
        f"HTTP {response.status_code}"
    )


if __name__ == "__main__":
    main()
