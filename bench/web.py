"""HTTP figures of the customer pages and the API (issue 15), each as a ratio to a bare Django
baseline served the same way in the same run. Prints a table; it does not assert.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/web.py
    .venv/bin/python bench/web.py --customers 20000 --parcels 200000 --seconds 10   # the issue's

Both projects run under gunicorn on 127.0.0.1 (2 sync workers, DEBUG off): ours
(transship.wsgi) and bench/baseline/baseline_site.py (one view, one `SELECT 1`). A small load
generator (this file: `--concurrency` processes, one request at a time each, a new connection per
request as gunicorn's sync workers close them) drives each URL for `--seconds`, `--runs` times,
the baseline measured again in every run; each row shows ours, the baseline and the ratio
(min / median / max over the runs). The data is filled into a database of its own
(`<your database>_bench_parcels`, dropped afterwards unless `--keep`), the customer measured has
500 parcels and 200 statement entries."""

import argparse
import http.client
import importlib.util
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location("bench_parcels", ROOT / "bench" / "parcels.py")
bench_parcels = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_parcels)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "transship.settings",
        "DEBUG": "false",
        "TESTING": "false",
        "SECRET_KEY": "bench-" + "k" * 58,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "FIELD_ENCRYPTION_KEYS": os.environ.get("FIELD_ENCRYPTION_KEYS")
        or Fernet.generate_key().decode(),
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # The API's per-visitor throttle would answer 429 to a load generator from one address.
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_USER": "100000000/minute",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def build_static(env: dict[str, str]) -> None:
    if (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        return
    subprocess.run(
        ["sh", "bin/build-static"],
        cwd=ROOT,
        env={**env, "PYTHON": sys.executable},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def gunicorn(app: str, env: dict[str, str], *, workers: int, chdir: Path) -> tuple:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--chdir",
            str(chdir),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/favicon.ico" if "transship" in app else "/")
            if status < 500:
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{app} did not start")


def request(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data
    finally:
        conn.close()


def _drive(job: tuple) -> tuple[int, int, list[float]]:
    port, method, path, body, headers, until = job
    done = errors = 0
    latencies = []
    while time.monotonic() < until:
        start = time.perf_counter()
        status, _ = request(port, method, path, body, headers)
        latencies.append(time.perf_counter() - start)
        done += 1
        errors += status >= 400
    return done, errors, latencies


def load(pool, port: int, figure: dict, *, seconds: float, concurrency: int) -> dict:
    start = time.monotonic()
    until = start + seconds
    job = (port, figure["method"], figure["path"], figure.get("body"), figure["headers"], until)
    results = pool.map(_drive, [job] * concurrency)
    elapsed = time.monotonic() - start
    done = sum(r[0] for r in results)
    latencies = sorted(x for r in results for x in r[2])
    return {
        "rps": done / elapsed,
        "errors": sum(r[1] for r in results),
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
    }


def fill_web(heavy_id: int) -> dict:
    """What the pages need besides parcels: statement entries, a price list, a rate, extras."""
    from decimal import Decimal

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from billing import services as billing_services
    from billing.models import ExchangeRate, LedgerEntry
    from parcels.models import Parcel
    from parcels.states import ParcelStatus
    from tests.parcels.factories import ExtraServiceFactory
    from tests.shipping.factories import CarrierServiceFactory, price_list

    for n in range(200):
        billing_services.ledger_post(
            user_id=heavy_id, kind=LedgerEntry.Kind.TOPUP, amount=Decimal(100 + n)
        )
    ems = CarrierServiceFactory(code="ems", name="EMS", max_weight_g=30000, position=1)
    price_list(service=ems, countries=("CN", "US"))
    sal = CarrierServiceFactory(code="sal", name="SAL", max_weight_g=30000, position=2)
    price_list(service=sal, countries=("CN", "US"))
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.0067"))
    for n in range(4):
        ExtraServiceFactory(code=f"extra{n}", name=f"Extra {n}")
    user = User.objects.get(pk=heavy_id)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    stored = (
        Parcel.objects.filter(owner_id=heavy_id, status=ParcelStatus.STORED).order_by("pk").first()
    )
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}", "parcel": stored.pk}


def figures(data: dict) -> list[dict]:
    page = {"Cookie": data["cookie"], "Accept-Language": "en"}
    api = {"Content-Type": "application/json", "Accept-Language": "en"}
    box = {"weight_g": 1200, "length_cm": 30, "width_cm": 20, "height_cm": 10, "country": "US"}
    parcels = [{"weight_g": 800, "length_cm": 25, "width_cm": 20, "height_cm": 8}] * 3
    return [
        {"name": "customer parcel list (500 parcels, 50 a page)", "path": "/parcels/"},
        {"name": "customer parcel list, ?page_size=200", "path": "/parcels/?page_size=200"},
        {"name": "billing statement (200 entries, 50 a page)", "path": "/billing/statement/"},
        {"name": "/me/", "path": "/me/"},
        {"name": "parcel detail", "path": f"/parcels/{data['parcel']}/"},
        {
            "name": "POST /api/v1/quotes/ (one box)",
            "path": "/api/v1/quotes/",
            "method": "POST",
            "body": json.dumps(box).encode(),
            "headers": api,
        },
        {
            "name": "POST /api/v1/quotes/ (compare 3 parcels)",
            "path": "/api/v1/quotes/",
            "method": "POST",
            "body": json.dumps({"country": "US", "parcels": parcels}).encode(),
            "headers": api,
        },
        {"name": "/healthz", "path": "/healthz", "headers": {}},
    ], page


def rss_mb(pid: int) -> list[float]:
    """Resident memory of gunicorn's workers (the children of `pid`)."""
    sizes = []
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--parcels", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=3.0, help="per figure and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server")
    parser.add_argument("--keep", action="store_true", help="do not drop the bench database")
    args = parser.parse_args()

    url, name = bench_parcels.bench_database_url()
    env = server_env(url)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    servers = []
    try:
        started = time.perf_counter()
        data = bench_parcels.fill(customers=args.customers, parcels=args.parcels)
        data.update(fill_web(data["heavy"]))
        print(
            f"filled {args.customers:,} customers, {args.parcels:,} parcels "
            f"in {time.perf_counter() - started:.0f} s"
        )
        build_static(env)
        from django.db import connections

        connections.close_all()
        ours, our_port = gunicorn(
            "transship.wsgi:application", env, workers=args.workers, chdir=ROOT
        )
        servers.append(ours)
        base, base_port = gunicorn(
            "baseline_site:application",
            {**env, "DJANGO_SETTINGS_MODULE": "baseline_site"},
            workers=args.workers,
            chdir=ROOT / "bench" / "baseline",
        )
        servers.append(base)
        rows, page_headers = figures(data)
        for row in rows:
            row.setdefault("method", "GET")
            row.setdefault("headers", page_headers)
            for _ in range(3):  # warm up, and refuse to time an error page or a redirect
                status, body = request(
                    our_port, row["method"], row["path"], row.get("body"), row["headers"]
                )
            if status != 200:
                raise SystemExit(f"{row['name']}: HTTP {status}\n{body[:500]!r}")
        baseline_row = {"method": "GET", "path": "/", "headers": {}}
        request(base_port, "GET", "/")

        pool = multiprocessing.get_context("fork").Pool(args.concurrency)
        measured: dict[str, list[dict]] = {row["name"]: [] for row in rows}
        for _ in range(args.runs):
            for row in rows:
                # The baseline just before each figure: the ratio compares like with like even
                # when other work on the machine comes and goes during the run.
                base = load(
                    pool,
                    base_port,
                    baseline_row,
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                )
                run = load(pool, our_port, row, seconds=args.seconds, concurrency=args.concurrency)
                measured[row["name"]].append({**run, "baseline": base["rps"]})
        pool.close()

        print_table(measured, args)
        sizes = rss_mb(ours.pid)
        print(
            "gunicorn worker RSS after the run: "
            + ", ".join(f"{size:.0f} MB" for size in sorted(sizes))
        )
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=20)
        if not args.keep:
            bench_parcels.drop_database(url, name)


def print_table(measured: dict, args: argparse.Namespace) -> None:
    base_rps = [run["baseline"] for runs in measured.values() for run in runs]
    print(
        f"\n{args.concurrency} concurrent clients, {args.workers} gunicorn workers each, "
        f"{args.seconds:g} s × {args.runs} runs; the baseline (one query), measured before each "
        f"figure: median {statistics.median(base_rps):.0f} req/s "
        f"(min {min(base_rps):.0f}, max {max(base_rps):.0f})\n"
    )
    header = (
        f"| {'figure':<46} | {'req/s':>6} | {'baseline':>8} | {'p50 ms':>6} "
        f"| {'ratio min / median / max':>24} | errors |"
    )
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    for name, runs in measured.items():
        ratios = sorted(r["rps"] / r["baseline"] for r in runs)
        rps = statistics.median(r["rps"] for r in runs)
        base = statistics.median(r["baseline"] for r in runs)
        p50 = statistics.median(r["p50_ms"] for r in runs)
        errors = sum(r["errors"] for r in runs)  # answers >= 400 (none expected)
        spread = f"{ratios[0]:.3f} / {statistics.median(ratios):.3f} / {ratios[-1]:.3f}"
        cells = f"{rps:>6.1f} | {base:>8.0f} | {p50:>6.0f} | {spread:>24} | {errors:>6}"
        print(f"| {name:<46} | {cells} |")


if __name__ == "__main__":
    main()
