"""Reports benchmark: server time of every standard report in every dimension on the daily-run benchmark's
portfolio (seeded here, or reused with --reuse), with 24 months of history. Per report the p50 and p95 in ms
of its slowest dimension; `max_p95_ms` is the slowest of all."""

import statistics
import time

from django.db import connection
from django_scopes import scopes_disabled

from vangnet.bench.run import portfolio
from vangnet.core import sql
from vangnet.core.clock import today
from vangnet.daily.services import day_run
from vangnet.flows.models import CollectionPolicy
from vangnet.flows.services import flows_install_defaults
from vangnet.ledger.models import LedgerEntry
from vangnet.reports.history import history_backfill, month_end
from vangnet.reports.models import ContractMonth, MonthTotal
from vangnet.reports.registry import REPORTS
from vangnet.reports.selectors import report_compute
from vangnet.reports.standard.trend import MONTHS


def add_arguments(parser) -> None:
    parser.add_argument("--tenancies", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--repeat", type=int, default=10, help="runs per report and dimension after a warm-up"
    )
    parser.add_argument("--reuse", action="store_true", help="use data an earlier bench seeded")


def run(*, tenancies: int, months: int, seed: int, repeat: int, reuse: bool, **_: object) -> dict:
    as_of = today()
    with scopes_disabled():
        corporation = portfolio(tenancies=tenancies, months=months, seed=seed, as_of=as_of, reuse=reuse)
        history_seconds = _prepare(corporation, as_of)
        rows = ContractMonth.objects.filter(corporation=corporation).count()
    figures: dict[str, dict[str, float | str]] = {}
    worst = 0.0
    for report in REPORTS.values():
        per_dimension = {
            dimension.key: _measure(corporation, report.name, dimension.key, as_of, repeat)
            for dimension in report.dimensions
        }
        slowest = max(per_dimension, key=lambda key: per_dimension[key][1])
        p50, p95 = per_dimension[slowest]
        figures[report.name] = {"p50_ms": p50, "p95_ms": p95, "slowest_by": slowest}
        worst = max(worst, p95)
    return {
        "database": connection.vendor,
        "tenancies": tenancies,
        "history_rows": rows,
        "history_seconds": history_seconds,
        "repeat": repeat,
        "reports": figures,
        "max_p95_ms": worst,
    }


def _prepare(corporation, as_of) -> dict[str, float]:
    """Today's run (which writes this month's history) and the months before it, once."""
    seconds: dict[str, float] = {}
    if not ContractMonth.objects.filter(corporation=corporation, month=month_end(as_of)).exists():
        flows_install_defaults(corporation=corporation, actor="bench")
        CollectionPolicy.objects.filter(corporation=corporation).update(charge_collection_costs=True)
        started = time.perf_counter()
        result = day_run(corporation=corporation, as_of=as_of, actor="bench")
        seconds["day_run"] = round(time.perf_counter() - started, 2)
        seconds["history_in_run"] = result.run.timings.get("history", 0.0)
    started = time.perf_counter()
    history_backfill(corporation=corporation, as_of=as_of, months=MONTHS - 1)
    seconds["backfill"] = round(time.perf_counter() - started, 2)
    _settle()
    return seconds


def _settle() -> None:
    """PostgreSQL: what autovacuum does to a live database's tables between a load and the day's use (the
    visibility map, so index-only scans need not visit the rows; fresh statistics). Not timed."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (LedgerEntry, ContractMonth, MonthTotal):
            cursor.execute(f"VACUUM ANALYZE {sql.table(model)}")


def _measure(corporation, name: str, by: str, as_of, repeat: int) -> tuple[float, float]:
    report_compute(corporation=corporation, name=name, by=by, as_of=as_of)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        report_compute(corporation=corporation, name=name, by=by, as_of=as_of)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return round(statistics.median(timings), 1), round(p95, 1)
