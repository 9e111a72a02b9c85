"""Portal load benchmark: N locust users, each logged in with its own tenant's signed link, ask for their
overview against gunicorn with production settings (DEBUG off), for S seconds.

Seeds (or reuses) a corporation of its own with the demo generator, starts gunicorn on a free port, runs
locust headless in a subprocess (FastHttpUser, each user paced at --rate requests/s, as a tenant reading
and tapping would be; users start over five seconds, so they do not all ask at the same instant), reads locust's CSV statistics of the overview requests and prints rps, p50_ms,
p95_ms, p99_ms and failures. Logins are not counted. Needs the dev dependencies (locust).
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection
from django_scopes import scopes_disabled

from vangnet.core import sql
from vangnet.core.clock import today
from vangnet.core.local_ports import free_port, wait_for_port
from vangnet.core.models import Corporation
from vangnet.demo.setup import seed_demo
from vangnet.ledger.models import ContractTenant
from vangnet.messaging.links import portal_token

BENCH_SLUG = "bench-portal"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def add_arguments(parser) -> None:
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rate", type=float, default=5.0, help="overview requests per second per user")
    parser.add_argument("--tenancies", type=int, default=500)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--worker-class", default="gthread", choices=("gthread", "sync"),
        help="gthread keeps connections alive between requests; sync closes each one",
    )  # fmt: skip


def _corporation(tenancies: int, as_of: date) -> Corporation:
    name = f"Portaalbenchmark {tenancies}"
    existing = Corporation.objects.filter(slug=BENCH_SLUG, name=name).first()
    if existing is not None:
        return existing
    seeded = seed_demo(
        slug=BENCH_SLUG, tenancies=tenancies, months=12, as_of=as_of, name=name, run_flows=True
    )
    return seeded.corporation


def _links(corporation: Corporation, users: int) -> list[str]:
    tenant_ids = list(
        ContractTenant.objects.filter(corporation=corporation, contract__standing__balance__gt=0)
        .order_by("tenant_id")
        .values_list("tenant_id", flat=True)
        .distinct()[:users]
    )
    if len(tenant_ids) < users:
        tenant_ids += list(
            ContractTenant.objects.filter(corporation=corporation)
            .exclude(tenant_id__in=tenant_ids)
            .order_by("tenant_id")
            .values_list("tenant_id", flat=True)
            .distinct()[: users - len(tenant_ids)]
        )
    return [f"/portaal/link/{portal_token(corporation_id=corporation.pk, tenant_id=t)}/" for t in tenant_ids]


def _overview_row(stats_csv: Path) -> dict[str, str]:
    with stats_csv.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "overview":
                return row
    raise RuntimeError("locust recorded no overview requests")


def run(
    *,
    users: int,
    seconds: int,
    rate: float,
    tenancies: int,
    workers: int,
    threads: int,
    worker_class: str,
    **_: object,
) -> dict:
    with scopes_disabled():
        corporation = _corporation(max(tenancies, users), today())
        links = _links(corporation, users)
    connection.close()  # gunicorn's workers open their own connections
    port = free_port()
    env = os.environ | {
        "VANGNET_DEBUG": "0",
        "VANGNET_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "VANGNET_LOG_LEVEL": "ERROR",
        # Plain http on loopback; the secret key (or the demo's) is inherited, so the links verify.
        "VANGNET_SSL_REDIRECT": "0",
        "VANGNET_SECURE_COOKIES": "0",
    }
    if not sql.is_postgres():
        env["VANGNET_SQLITE_PATH"] = str(settings.DATABASES["default"]["NAME"])
    with tempfile.TemporaryDirectory() as directory:
        links_file = Path(directory) / "links.json"
        links_file.write_text(json.dumps(links))
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "vangnet.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
                "--worker-class", worker_class, "--keep-alive", "5", "--preload", "--log-level", "warning",
                "--backlog", "2048",
            ],
            env=env,
        )  # fmt: skip
        try:
            wait_for_port(port, what="gunicorn", timeout=120.0)
            load_before = os.getloadavg()[0]
            prefix = Path(directory) / "locust"
            subprocess.run(
                [
                    sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                    "--users", str(users), "--spawn-rate", str(max(users / 5, 1)), "--run-time", f"{seconds}s",
                    "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
                    "--loglevel", "WARNING", "--stop-timeout", "5",
                ],
                env=env | {"VANGNET_BENCH_LINKS": str(links_file), "VANGNET_BENCH_RATE": str(rate)},
                check=False,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            row = _overview_row(Path(f"{prefix}_stats.csv"))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return {
        "database": connection.vendor,
        "users": users,
        "seconds": seconds,
        "rate_per_user": rate,
        "gunicorn_workers": workers,
        "threads": threads,
        "worker_class": worker_class,
        "load_before": round(load_before, 2),
        "requests": int(row["Request Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "failures": int(row["Failure Count"]),
    }
