"""Daily-run benchmark: a portfolio of N tenancies with 24 months of history, one day's run, and a baseline."""

import time
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from vangnet.campaigns.models import CampaignTarget
from vangnet.core import sql
from vangnet.core.clock import today
from vangnet.core.models import Corporation
from vangnet.daily.services import run_day
from vangnet.demo.setup import seed_demo
from vangnet.flows.models import (
    CollectionPolicy,
    ContractSegment,
    Enrollment,
    EnrollmentEvent,
    Hold,
    ReversalFollowUp,
    StepRun,
)
from vangnet.flows.services import flows_install_defaults
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.ledger.services.purge import corporation_data_purge
from vangnet.messaging.models import Batch, OutgoingMessage
from vangnet.tasks.models import Task

BENCH_SLUG = "bench-run"
# In the name of a portfolio while it is seeded: --reuse never takes a half-seeded one.
SEEDING = "(onvolledig)"
FLOW_STATE = (
    OutgoingMessage,
    Batch,
    ReversalFollowUp,
    EnrollmentEvent,
    StepRun,
    Enrollment,
    Hold,
    ContractSegment,
    Task,
)


def add_arguments(parser) -> None:
    parser.add_argument("--tenancies", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse", action="store_true", help="run on data an earlier call of this size seeded"
    )


def run(*, tenancies: int, months: int, seed: int, reuse: bool, **_: object) -> dict:
    as_of = today()
    with scopes_disabled():
        corporation = portfolio(tenancies=tenancies, months=months, seed=seed, as_of=as_of, reuse=reuse)
        flows_install_defaults(corporation=corporation, actor="bench")
        CollectionPolicy.objects.filter(corporation=corporation).update(charge_collection_costs=True)
        reset_flow_state(corporation)
        contracts = Contract.objects.filter(corporation=corporation).count()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            report = run_day(corporation=corporation, as_of=as_of, actor="bench")
        seconds = time.perf_counter() - started
        baseline = _baseline(corporation)
        enrollments = Enrollment.objects.filter(corporation=corporation).count()
    return {
        "database": connection.vendor,
        "tenancies": tenancies,
        "contracts": contracts,
        "seconds": round(seconds, 2),
        "contracts_per_s": round(contracts / seconds),
        "queries": len(queries),
        "enrollments": enrollments,
        "messages_planned": report.messages_planned,
        "tasks": report.tasks_created,
        "baseline_seconds": round(baseline, 3),
        "ratio": round(seconds / baseline, 2),
        "phases": report.timings,
    }


def portfolio(
    *, tenancies: int, months: int, seed: int, as_of: date, reuse: bool, slug: str = BENCH_SLUG
) -> Corporation:
    """The benchmark's corporation of this size, seeded unless `reuse` finds one an earlier call completed.
    It carries its final name only once seeding finished, so a seed that was interrupted is seeded again."""
    name = _name(tenancies, months)
    existing = Corporation.objects.filter(slug=slug).first()
    if reuse and existing is not None and existing.name == name:
        return existing
    if existing is not None:
        corporation_data_purge(corporation=existing, actor="bench")
        Corporation.objects.filter(pk=existing.pk).update(name=f"{name} {SEEDING}")
    seeded = seed_demo(
        slug=slug,
        tenancies=tenancies,
        months=months,
        seed=seed,
        as_of=as_of,
        name=f"{name} {SEEDING}",
        run_flows=False,
    )
    if seeded.import_run is None or seeded.import_run.status != "applied":
        raise RuntimeError("the benchmark portfolio could not be imported")
    Corporation.objects.filter(pk=seeded.corporation.pk).update(name=name, sender_name=name)
    seeded.corporation.refresh_from_db()
    return seeded.corporation


def _name(tenancies: int, months: int) -> str:
    return f"Benchmark {tenancies} x {months}"


def reset_flow_state(corporation: Corporation) -> None:
    """Every measured run starts from no enrollments, so --reuse measures the same work again."""
    # The demo's campaigns keep their letters and e-mails (and those messages' batches).
    targets = sql.table(CampaignTarget)
    messages = sql.table(OutgoingMessage)
    kept: dict[type, str] = {
        OutgoingMessage: f"AND id NOT IN (SELECT message_id FROM {targets} WHERE message_id IS NOT NULL "
        f"UNION SELECT reminder_id FROM {targets} WHERE reminder_id IS NOT NULL)",
        Batch: f"AND id NOT IN (SELECT batch_id FROM {messages} WHERE batch_id IS NOT NULL)",
    }
    with connection.cursor() as cursor:
        for model in FLOW_STATE:
            cursor.execute(
                f"DELETE FROM {sql.table(model)} WHERE corporation_id = %s {kept.get(model, '')}",
                [corporation.pk],
            )
        cursor.execute(
            f"DELETE FROM {sql.table(LedgerEntry)} WHERE corporation_id = %s AND source_id LIKE 'vangnet-wik-%%'",
            [corporation.pk],
        )
    sql.vacuum_analyse(*FLOW_STATE)


def _baseline(corporation: Corporation) -> float:
    """One SUM(amount) GROUP BY contract over the same ledger: the cheapest possible look at every balance."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT contract_id, SUM(amount) FROM {sql.table(LedgerEntry)} WHERE corporation_id = %s GROUP BY contract_id",
            [corporation.pk],
        )
        cursor.fetchall()
    return time.perf_counter() - started
