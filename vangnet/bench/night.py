"""The whole night on the benchmark portfolio, in the order a real night runs it, each phase timed:

1. `erp_delta`: the ERP's delta of one day (about 1% of the ledger's rows: payments and corrections);
2. `bank_statement`: the morning's camt.053 (single payments with the betalingskenmerk, one direct-debit
   batch, returned collections), matched and booked;
3. `daily_run`: the monitors, the flows engine and the reports' history (`run_day`);
4. `outbox_plan`: the notices of broken arrangements and the outbox of everything the run planned;
5. `letters`: rendering the day's letters (typst), in two worker processes as two Celery workers would;
6. `emails`: rendering and sending the day's e-mails to a local SMTP server (aiosmtpd in a subprocess
   that records every message it receives, so a message sent twice or lost shows).

The portfolio is the daily-run benchmark's (demo generator and the real snapshot import, not timed), in a
corporation of its own; `--reuse` keeps it between runs. Each run starts from no dossiers (the portfolio's
first day, the heaviest), as `bench run` does. The day's input files are written before the clock starts.
Batches are planned with review on, then approved (by the benchmark, untimed), so planning and sending are
measured apart; the day's batch outside the flows (returned collections' follow-ups) is held the same way. Text messages and calls are planned but not sent (their providers are HTTP APIs).
"""

import multiprocessing
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path

from django.db import connection, connections
from django.test.utils import override_settings
from django_scopes import scope, scopes_disabled

from vangnet.arrangements.models import Arrangement
from vangnet.arrangements.monitoring import arrangement_breach_notices_send
from vangnet.bank.services import bank_statement_import
from vangnet.bench import growth
from vangnet.bench.daydata import camt053_day, write_ledger_delta
from vangnet.bench.dispatch import deliver_in_workers
from vangnet.bench.run import portfolio, reset_flow_state
from vangnet.core.clock import now, today
from vangnet.core.local_ports import free_port, wait_for_port
from vangnet.daily.services import run_day
from vangnet.flows.models import CollectionPolicy
from vangnet.flows.services import flows_install_defaults
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import ContractStanding, ImportRun, ImportStatus
from vangnet.ledger.services.imports import import_erp_data
from vangnet.messaging.models import Batch, BatchStatus, MessageStatus, MessagingSettings, OutgoingMessage
from vangnet.messaging.services import outbox_plan

BENCH_SLUG = "bench-night"
ACTOR = "bench"
# Every Dutch corporation home (the projection's default size, docs/benchmarks.md).
DUTCH_HOMES = 2_300_000


def add_arguments(parser) -> None:
    parser.add_argument("--tenancies", type=int, default=10_000)
    parser.add_argument(
        "--sizes",
        default="",
        help="tenancies per night, comma-separated (e.g. 10000,30000): one night per size, smallest first, "
        "then the measured exponent per phase and the projection to --project-to",
    )
    parser.add_argument("--project-to", type=int, default=DUTCH_HOMES)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2, help="processes that render and send")
    parser.add_argument(
        "--reuse", action="store_true", help="run on the portfolios an earlier call of these sizes seeded"
    )


def run(
    *,
    tenancies: int,
    months: int,
    seed: int,
    reuse: bool,
    workers: int = 2,
    sizes: str = "",
    project_to: int = DUTCH_HOMES,
    **_: object,
) -> dict:
    wanted = sorted({int(size) for size in sizes.split(",") if size.strip()}) or [tenancies]
    workdir = Path(tempfile.mkdtemp(prefix="vangnet-night-"))
    received = workdir / "smtp-received.txt"
    nights: dict[int, dict] = {}
    try:
        with ExitStack() as stack:
            port = stack.enter_context(_smtp_server(received))
            stack.enter_context(override_settings(MAILERS=_mailers(port)))
            pool = None
            if workers > 1:
                # Forked first, before seeding (the demo's campaigns render letters) and before any phase:
                # a fork after typst ran waits forever on threads the child does not have; the workers
                # start clean, as Celery's prefork workers do.
                connections.close_all()
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
                pool.apply(time.sleep, (0,))
            for size in wanted:
                nights[size] = _night(
                    tenancies=size,
                    months=months,
                    seed=seed,
                    reuse=reuse,
                    pool=pool,
                    received=received,
                    workdir=workdir / str(size),
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    figures = nights[wanted[-1]]
    figures["peak_rss_mb"] = _peak_rss_mb()
    if len(nights) > 1:
        phases_by_size = {size: night["phases"] for size, night in nights.items()}
        figures["sizes"] = {
            str(size): {
                "seconds": night["seconds"],
                "phases": night["phases"],
                "messages": night["messages"],
                "letters": night["letters"],
            }
            for size, night in nights.items()
        }
        figures["exponents"] = growth.exponents(phases_by_size)
        figures["projected_to"] = project_to
        figures["projection"] = growth.projection(phases_by_size, to=project_to)
    return figures


def _night(
    *, tenancies: int, months: int, seed: int, reuse: bool, pool, received: Path, workdir: Path
) -> dict:
    as_of = today()
    phases: dict[str, float] = {}
    with scopes_disabled():
        corporation = portfolio(
            tenancies=tenancies,
            months=months,
            seed=seed,
            as_of=as_of,
            reuse=reuse,
            slug=f"{BENCH_SLUG}-{tenancies}",
        )
        _prepare(corporation, as_of)
        tag = f"NIGHT{ImportRun.objects.filter(corporation=corporation).count()}"
        rows = sum((corporation_rows := _rows(corporation)).values())
        delta_rows = write_ledger_delta(
            workdir, corporation=corporation, as_of=as_of, rows=rows // 100, tag=tag
        )
        statement, bank_transactions = camt053_day(corporation=corporation, as_of=as_of, tag=tag)
    received_before = _received_lines(received)
    started_at = now()
    with scopes_disabled():
        with _timed(phases, "erp_delta"):
            delta = import_erp_data(
                corporation=corporation, source=CsvSetSource([workdir]), mode="delta", actor=ACTOR
            )
        if delta.status != ImportStatus.APPLIED:
            raise RuntimeError(f"the day's delta was rejected: {delta.errors[:5]}")
        with _timed(phases, "bank_statement"):
            bank = bank_statement_import(
                corporation=corporation, data=statement, file_name=f"{tag}.xml", actor=ACTOR
            )
        if bank.status != "applied":
            raise RuntimeError(f"the day's bank statement was rejected: {bank.errors[:5]}")
    with scope(corporation=corporation):
        with _timed(phases, "daily_run"):
            report = run_day(corporation=corporation, as_of=as_of, actor=ACTOR)
        with _timed(phases, "outbox_plan"):
            arrangement_breach_notices_send(corporation=corporation, as_of=as_of, actor=ACTOR)
            plan = outbox_plan(corporation=corporation, as_of=as_of, actor=ACTOR)
        letters, emails = _release(corporation, as_of)
    sent = _send(
        corporation,
        phases,
        letters=letters,
        emails=emails,
        pool=pool,
        received=received,
        received_before=received_before,
        started_at=started_at,
    )
    return {
        "database": connection.vendor,
        "tenancies": tenancies,
        "months": months,
        "rows": rows,
        "delta_rows": delta_rows,
        "bank_transactions": bank_transactions,
        "bank_counts": bank.counts,
        "messages_planned": plan.created,
        "planned_by_channel": plan.by_channel,
        "enrolled": report.enrolled,
        "seconds": round(sum(phases.values()), 2),
        "phases": {name: round(seconds, 2) for name, seconds in phases.items()},
        "messages": sent["emails"],
        "notices_emailed": sent["night_emails"] - sent["emails"],
        "letters": sent["letters"],
        "letter_pages": sent["letter_pages"],
        "emails_per_s": _rate(sent["emails"], phases["emails"]),
        "letter_pages_per_s": _rate(sent["letter_pages"], phases["letters"]),
        "smtp_received": sent["received"],
        "not_sent": sent["not_sent"],
        "peak_rss_mb": _peak_rss_mb(),
        "portfolio": corporation_rows,
    }


def _peak_rss_mb() -> float:
    """The largest process: this one or a child (the workers, the SMTP server)."""
    largest = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return round(largest / 1024, 1)


def _received_lines(received: Path) -> int:
    return len(received.read_text().splitlines()) if received.exists() else 0


def _rate(count: int, seconds: float) -> int:
    return round(count / seconds) if seconds > 0 else 0


@contextmanager
def _timed(phases: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    phases[name] = time.perf_counter() - started


def _prepare(corporation, as_of) -> None:
    flows_install_defaults(corporation=corporation, actor=ACTOR)
    CollectionPolicy.objects.filter(corporation=corporation).update(charge_collection_costs=True)
    # Review on while planning, so the plan does not start dispatching in-process; approved untimed.
    MessagingSettings.objects.update_or_create(
        corporation=corporation, defaults={"review_batches": True, "sandbox": False}
    )
    reset_flow_state(corporation)
    # The day's batch of messages outside a flow (the follow-ups of returned collections) waits as well: its
    # messages go out in the sending phases, in the workers, as Celery's workers would send them. Without
    # this the benchmark's in-process (eager) Celery sent them inside `outbox_plan`, in one process.
    # Notices (delivered by id, whatever their batch) still go out at once in the phase that makes them.
    Batch.objects.update_or_create(
        corporation=corporation,
        day=as_of,
        flow=None,
        defaults={"review_required": True, "status": BatchStatus.IN_REVIEW},
    )
    # The standings as a real night finds them: computed the day before (by yesterday's imports and run).
    # Without this a portfolio seeded or measured earlier the same day starts with every standing of the
    # day, and the night skips the work a real night does in its first import: bringing every standing to
    # the day (carried, continued or recomputed, docs/import-format.md).
    ContractStanding.objects.filter(corporation=corporation).update(as_of=as_of - timedelta(days=1))
    # A reused portfolio's arrangements broke on its first night: their tenants are told again, so every
    # night of a size does the same work (the notices of the last week, as on the first night).
    Arrangement.objects.filter(corporation=corporation, breach_notified_on__isnull=False).update(
        breach_notified_on=None
    )


def _rows(corporation) -> dict[str, int]:
    from_import = ImportRun.objects.filter(corporation=corporation, mode="snapshot").order_by("pk").first()
    counts = from_import.counts if from_import is not None else {}
    return {
        entity: sum(int(v) for k, v in values.items() if k != "closed") for entity, values in counts.items()
    }


def _release(corporation, as_of) -> tuple[list[int], list[int]]:
    """What a colleague and the clock do between planning and sending (untimed): the day's batches are
    approved and each message's moment of the day has come. Returns the day's letters and e-mails."""
    # As `batch_approve` does, without its dispatch on commit (sending is the next phases' work).
    batches = Batch.objects.filter(corporation=corporation, day=as_of)
    batches.filter(status=BatchStatus.IN_REVIEW).update(status=BatchStatus.APPROVED)
    day = OutgoingMessage.objects.filter(corporation=corporation, batch__in=batches)
    day.filter(status=MessageStatus.IN_REVIEW).update(status=MessageStatus.QUEUED)
    queued = day.filter(status=MessageStatus.QUEUED)
    queued.update(send_at=None)
    return tuple(  # type: ignore[return-value]
        list(queued.filter(channel=channel).order_by("pk").values_list("pk", flat=True))
        for channel in ("letter", "email")
    )


@contextmanager
def _smtp_server(received: Path) -> Iterator[int]:
    """aiosmtpd in a subprocess, recording each message it receives in `received`; yields its port."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "vangnet.bench.smtp_sink.RecordingSink",
            str(received),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # A busy machine takes its time to start a Python process.
        wait_for_port(port, what="SMTP server", timeout=60.0)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def _mailers(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }


def _send(
    corporation,
    phases,
    *,
    letters: list[int],
    emails: list[int],
    pool,
    received: Path,
    received_before: int,
    started_at,
) -> dict:
    with scope(corporation=corporation):
        phases["letters"], letters_sent = (
            deliver_in_workers(corporation, letters, 1, pool) if letters else (0.0, 0)
        )
        phases["emails"], emails_sent = (
            deliver_in_workers(corporation, emails, 1, pool) if emails else (0.0, 0)
        )
        pages = sum(OutgoingMessage.objects.filter(pk__in=letters).values_list("pages", flat=True))
    # The SMTP server serves every size of the call; this night's messages are the lines after its start.
    lines = received.read_text().splitlines()[received_before:] if received.exists() else []
    # Notices (a broken arrangement, a booked payment) go out at once during the earlier phases: every
    # e-mail the night sent counts, and each must have arrived exactly once.
    with scopes_disabled():
        night_emails = OutgoingMessage.objects.filter(
            corporation=corporation, channel="email", status=MessageStatus.SENT, sent_at__gte=started_at
        ).count()
    if len(lines) != night_emails or len(set(lines)) != len(lines):
        raise RuntimeError(
            f"the night sent {night_emails} e-mails, the SMTP server received {len(lines)} "
            f"({len(set(lines))} distinct)"
        )
    # What was not sent stays in the outbox with its reason (withheld: e.g. an address that bounced before).
    with scopes_disabled():
        rest = (
            OutgoingMessage.objects.filter(pk__in=[*letters, *emails])
            .exclude(status=MessageStatus.SENT)
            .values_list("status", flat=True)
        )
        not_sent = dict(Counter(rest))
    return {
        "emails": emails_sent,
        "night_emails": night_emails,
        "letters": letters_sent,
        "letter_pages": pages or 0,
        "received": len(lines),
        "not_sent": not_sent,
    }
