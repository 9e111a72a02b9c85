"""import_erp_data: validate an ERP delivery completely, then apply it in one transaction (or not at all).

Rows are staged as text (COPY on PostgreSQL), checked with set-based SQL, and applied with one INSERT and
one UPDATE per entity. A delivery with any error is rejected whole: the transaction is rolled back and a
rejected ImportRun records every error, so the database is exactly as it was.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from vangnet.core import clock, sql
from vangnet.core.audit import Actor, actor_fields, log_action
from vangnet.core.clock import today
from vangnet.core.models import Corporation
from vangnet.ledger.importing.check_digits import python_checks
from vangnet.ledger.importing.schema import CONTRACTS, LEDGER_ENTRIES, Entity
from vangnet.ledger.importing.sources import ImportSource, SourceError
from vangnet.ledger.importing.staging import (
    drop_stage,
    key_condition,
    load_reference_lists,
    load_stage,
    stage_table,
    staged_from,
)
from vangnet.ledger.importing.subscriptions import subscription_errors
from vangnet.ledger.importing.targets import TARGETS, Target
from vangnet.ledger.importing.validation import (
    ImportError_,
    duplicate_errors,
    field_errors,
    immutability_errors,
    reference_errors,
)
from vangnet.ledger.models import Contract, ContractStanding, ImportMode, ImportRun, ImportStatus, LedgerEntry
from vangnet.ledger.services.snapshot import close_missing, has_open_rows, settle_vanished_invoices
from vangnet.ledger.services.standing import refresh_standings

ENTRIES = sql.table(LedgerEntry)
STANDINGS = sql.table(ContractStanding)


class Rejected(Exception):
    def __init__(self, errors: list[ImportError_], warnings: list[ImportError_]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors
        self.warnings = warnings


@dataclass
class Outcome:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[ImportError_] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class AppliedImport:
    """What a hook sees of a delivery just applied (inside its transaction, before the staged rows go)."""

    corporation: Corporation
    run: ImportRun
    mode: str
    entity_names: frozenset[str]

    def listed_contracts(self, source_ids: list[str]) -> set[str]:
        """Which of these contract numbers the delivery listed (one query; none without a contracts file)."""
        if not source_ids or CONTRACTS.name not in self.entity_names:
            return set()
        marks = ", ".join(["%s"] * len(source_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT contract_id FROM {stage_table(CONTRACTS)} WHERE contract_id IN ({marks})", source_ids
            )
            return {row[0] for row in cursor.fetchall()}


# Called after every applied delivery, in its transaction, by the domains above the ledger that keep a
# change the ERP has not processed yet (registered from their AppConfig.ready(), so the ledger imports none
# of them): contracts puts back a payment-method change a delivery still lists the old way.
IMPORT_APPLIED_HOOKS: list[Callable[[AppliedImport], None]] = []


def import_erp_data(
    *, corporation: Corporation, source: ImportSource, mode: str = ImportMode.DELTA, actor: Actor
) -> ImportRun:
    if mode not in ImportMode.values:
        raise ValueError(f"unknown mode {mode!r}")
    run = ImportRun(corporation=corporation, source_format=source.format, mode=mode, **actor_fields(actor))
    try:
        run.file_names = source.file_names
        run.file_hash = source.sha256()
        with transaction.atomic():
            run.status = ImportStatus.APPLIED
            run.save()
            outcome = _apply(corporation=corporation, source=source, mode=mode, run=run)
            run.counts = outcome.counts
            run.warnings = [w.as_dict() for w in outcome.warnings]
            run.timings = {phase: round(seconds, 3) for phase, seconds in outcome.seconds.items()}
            run.finished_at = clock.now()
            run.save(update_fields=["counts", "warnings", "timings", "finished_at"])
            log_action(
                corporation=corporation,
                actor=actor,
                action="import.applied",
                obj=run,
                data={"counts": outcome.counts, "seconds": outcome.seconds},
            )
        return run
    except SourceError as exc:
        errors = [ImportError_(exc.file, None, "", "", exc.reason_nl, exc.reason_en)]
        warnings: list[ImportError_] = []
    except Rejected as exc:
        errors, warnings = exc.errors, exc.warnings
    run.pk = None
    run.status = ImportStatus.REJECTED
    run.errors = [e.as_dict() for e in errors]
    run.warnings = [w.as_dict() for w in warnings]
    run.counts = {}
    run.finished_at = clock.now()
    run.save()
    log_action(
        corporation=corporation, actor=actor, action="import.rejected", obj=run, data={"errors": len(errors)}
    )
    return run


def _apply(*, corporation: Corporation, source: ImportSource, mode: str, run: ImportRun) -> Outcome:
    outcome = Outcome()
    if sql.is_postgres():
        with connection.cursor() as cursor:
            # Large set-based statements: JIT compilation costs more than it saves here, and sorts and
            # hashes over a delivery should stay in memory instead of spilling to disk.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # The ledger's indexes are read over and over and stay cached: with the default cost of a random
            # read PostgreSQL scanned a whole ledger to check a day's delta of a percent of its rows (0.6 s)
            # instead of probing the index per staged row (0.07 s).
            cursor.execute("SET LOCAL random_page_cost = 1.1")
    entities = source.entities()
    present: dict[str, set[str]] = {}
    keys_unique: dict[str, bool] = {}
    started = time.perf_counter()
    for entity in entities:
        present[entity.name] = set(source.header(entity))
        keys_unique[entity.name] = load_stage(source, entity)
    load_reference_lists(entities, corporation)
    outcome.seconds["stage"] = time.perf_counter() - started

    started = time.perf_counter()
    errors: list[ImportError_] = []
    staged = {e.name for e in entities}
    for entity in entities:
        file = source.file_for(entity)
        errors += field_errors(entity, file, present[entity.name])
        if not keys_unique[entity.name]:
            errors += duplicate_errors(entity, file)
        errors += reference_errors(entity, file, staged, corporation.pk)
        if entity.immutable:
            errors += immutability_errors(entity, file, corporation.pk)
        errors += subscription_errors(entity, file, staged, corporation.pk)
        python_errors, python_warnings = python_checks(entity, file, present[entity.name])
        errors += python_errors
        outcome.warnings += python_warnings
    outcome.seconds["validate"] = time.perf_counter() - started
    if errors:
        raise Rejected(sorted(errors, key=lambda e: (e.file, e.row or 0, e.field)), outcome.warnings)

    started = time.perf_counter()
    settled_on: set[int] = set()
    params = {
        "corporation": corporation.pk,
        "now": connection.ops.adapt_datetimefield_value(clock.now()),
        "run": run.pk,
    }
    for entity in entities:
        target = TARGETS[entity.name]
        closing = mode == ImportMode.SNAPSHOT and target.closable and has_open_rows(target, params)
        outcome.counts[entity.name] = _upsert(
            target, present[entity.name], params, snapshot=mode == ImportMode.SNAPSHOT
        )
        outcome.counts[entity.name]["closed"] = close_missing(target, params) if closing else 0
        if entity.name == "ledger_entries" and mode == ImportMode.SNAPSHOT:
            settled = settle_vanished_invoices(params) if outcome.counts[entity.name]["closed"] else []
            outcome.counts[entity.name]["settled"] = len(settled)
            settled_on = set(settled)
        outcome.seconds[f"apply_{entity.name}"] = time.perf_counter() - started
        started = time.perf_counter()
    started = time.perf_counter()
    changed = _contracts_to_refresh(entities, {**params, "today": today().isoformat()}, settled_on)
    applied = AppliedImport(corporation, run, mode, frozenset(e.name for e in entities))
    for hook in IMPORT_APPLIED_HOOKS:
        hook(applied)
    for entity in entities:
        drop_stage(entity)
    if sql.is_postgres():
        with connection.cursor() as cursor:
            # The standings read whole ledgers of contracts: their plans were measured at the default cost.
            cursor.execute("SET LOCAL random_page_cost TO DEFAULT")
    refresh_standings(corporation=corporation, as_of=today(), contract_ids=changed)
    outcome.seconds["standings"] = time.perf_counter() - started
    return outcome


def _contracts_to_refresh(entities: list[Entity], params: dict, settled_on: set[int]) -> set[int] | None:
    """The contracts whose ledger this import changed, those whose standing is of an earlier day and those
    without one; None: every contract, recomputed whole.

    A standing follows from the contract's entries only, and entries never change (a different one is
    rejected), so only contracts that got new entries (delivered, or the corrections that settle invoices the
    ERP no longer lists) need computing again: the cost follows the changed rows, not the portfolio. A
    snapshot (or a delta) also leaves every standing of the day: the night's first import brings yesterday's
    standings to the day (most are continued, services/continuation.py) and the daily run has none left.
    """
    without_standing = (
        f"SELECT c.id FROM {sql.table(Contract)} c LEFT JOIN {STANDINGS} st ON st.contract_id = c.id "
        "WHERE c.corporation_id = %(corporation)s AND st.id IS NULL"
    )
    of_another_day = (
        f"SELECT contract_id FROM {STANDINGS} WHERE corporation_id = %(corporation)s AND as_of <> %(today)s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM ({without_standing}) w), "
            f"(SELECT COUNT(*) FROM {sql.table(Contract)} WHERE corporation_id = %(corporation)s)",
            params,
        )
        missing, total = cursor.fetchone()
        if missing * 2 >= total > 0:
            return None  # most of the portfolio: one pass over the corporation costs less than a list
        parts = [without_standing, of_another_day]
        if any(entity.name == "ledger_entries" for entity in entities):
            parts.append(
                f"SELECT e.contract_id FROM {stage_table(LEDGER_ENTRIES)} s JOIN {ENTRIES} e "
                "ON e.corporation_id = %(corporation)s AND e.source_id = s.entry_id WHERE e.import_run_id = %(run)s"
            )
        cursor.execute(" UNION ".join(parts), params)
        return {row[0] for row in cursor.fetchall()} | settled_on


def _upsert(target: Target, present: set[str], params: dict, *, snapshot: bool) -> dict[str, int]:
    match = f"x.corporation_id = %(corporation)s AND {key_condition(target, 'x')}"
    updatable = [f for f in target.fields if set(f.sources) & present]
    changed = " OR ".join([*(sql.differs(f"x.{f.column}", f.expr) for f in updatable)] or ["false"])
    if target.closable:
        changed = f"({changed}) OR x.removed_from_source_at IS NOT NULL"
    if target.entity.immutable:
        changed = "x.removed_from_source_at IS NOT NULL" if target.closable else "false"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM(CASE WHEN x.id IS NULL THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN x.id IS NOT NULL AND ({changed}) THEN 1 ELSE 0 END) "
            f"{staged_from(target)} LEFT JOIN {target.table} x ON {match}",
            params,
        )
        total, created, updated = (int(v or 0) for v in cursor.fetchone())
        if updated:
            assignments = [
                f"{f.column} = u.{f.column}" for f in (updatable if not target.entity.immutable else [])
            ]
            assignments += [f"{column} = {expr}" for column, expr in target.stamps if column == "updated_at"]
            if target.closable:
                assignments.append("removed_from_source_at = NULL")
            selected = ", ".join(["x.id AS target_id", *(f"{f.expr} AS {f.column}" for f in updatable)])
            cursor.execute(
                f"UPDATE {target.table} AS t SET {', '.join(assignments)} FROM ("
                f"SELECT {selected} {staged_from(target)} JOIN {target.table} x ON {match} WHERE {changed}"
                f") u WHERE t.id = u.target_id",
                params,
            )
        if created:
            # A first delivery needs no anti-join against the table; later ones insert only the new keys.
            only_new = f"LEFT JOIN {target.table} x ON {match} WHERE x.id IS NULL" if created < total else ""
            columns, exprs = target.inserted()
            if target.entity.name == "ledger_entries":
                cursor.execute(
                    f"SELECT EXISTS (SELECT 1 FROM {ENTRIES} WHERE corporation_id = %(corporation)s)",
                    params,
                )
                has_history = bool(cursor.fetchone()[0])
                cursor.execute(f"SELECT MIN(row_no), MAX(row_no) FROM {stage_table(target.entity)}")
                first_row, last_row = cursor.fetchone()
                # Each staged row owns the id first_id + (row_no - first_row); existing rows leave a gap.
                first_id = _reserve_ids(ENTRIES, last_row - first_row + 1)
                cursor.execute(
                    _ledger_insert_sql(target, columns, exprs, only_new, has_history),
                    {**params, "id_offset": first_id - first_row},
                )
            else:
                cursor.execute(
                    f"INSERT INTO {target.table} ({', '.join(columns)}) SELECT {', '.join(exprs)} "
                    f"{staged_from(target)} {only_new}",
                    params,
                )
            _analyse_if_grown(target, created, first_of_corporation=snapshot and created == total)
    return {"created": created, "updated": updated, "unchanged": total - created - updated}


def _analyse_if_grown(target: Target, created: int, *, first_of_corporation: bool) -> None:
    """Fresh statistics when the insert changed the table's size noticeably, or when it is a corporation's
    first snapshot: the planner took the corporation for one without rows and joined its half million entries
    by nested loops (a second corporation's first standings ran for minutes, not seconds). A day's delta adds a
    percent: sampling a table of millions for it would cost more than the insert itself."""
    if not sql.is_postgres():
        return
    if first_of_corporation:
        sql.analyse(target.model)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = CAST(%s AS regclass)", [target.table])
        known = float(cursor.fetchone()[0])
    if created * 10 > known:
        sql.analyse(target.model)


def _reserve_ids(table: str, count: int) -> int:
    """Takes a block of count ids from the table's sequence at once and returns the first."""
    with connection.cursor() as cursor:
        if sql.is_postgres():
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            return int(cursor.fetchone()[0]) - count + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return int(cursor.fetchone()[0])


def _ledger_insert_sql(
    target: Target, columns: list[str], exprs: list[str], only_new: str, has_history: bool
) -> str:
    """New entries get their ids from their staged row, so a link to an entry later in the same file
    resolves in the same INSERT through the staging table's key index."""
    stage = stage_table(target.entity)
    joins = target.join_clauses()
    linked_staged = "%(id_offset)s + linked_new.row_no"
    linked = f"COALESCE(linked_old.id, {linked_staged})" if has_history else linked_staged
    linked_old = (
        f"LEFT JOIN {ENTRIES} linked_old ON s.linked_entry_id <> '' "
        "AND linked_old.corporation_id = %(corporation)s AND linked_old.source_id = s.linked_entry_id"
    )
    return (
        f"INSERT INTO {ENTRIES} (id, linked_entry_id, {', '.join(columns)}) "
        f"SELECT %(id_offset)s + s.row_no, CASE WHEN s.linked_entry_id <> '' THEN {linked} END, "
        f"{', '.join(exprs)} FROM {stage} s {joins} "
        f"LEFT JOIN {stage} linked_new ON linked_new.entry_id = s.linked_entry_id "
        f"{linked_old if has_history else ''} {only_new}"
    )
