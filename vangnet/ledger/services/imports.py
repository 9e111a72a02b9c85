"""import_erp_data: validate an ERP delivery completely, then apply it in one transaction (or not at all).

Rows are staged as text (COPY on PostgreSQL), checked with set-based SQL, and applied with one INSERT and
one UPDATE per entity. A delivery with any error is rejected whole: the transaction is rolled back and a
rejected ImportRun records every error, so the database is exactly as it was.
"""

import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from vangnet.core.audit import actor_fields, log_action
from vangnet.core.models import Corporation, User
from vangnet.ledger.importing import dialect as d
from vangnet.ledger.importing.schema import Entity
from vangnet.ledger.importing.sources import ImportSource, SourceError
from vangnet.ledger.importing.staging import drop_stage, load_stage, stage_table
from vangnet.ledger.importing.targets import TARGETS, Target
from vangnet.ledger.importing.validation import (
    ImportError_,
    duplicate_errors,
    field_errors,
    immutability_errors,
    python_checks,
    reference_errors,
)
from vangnet.ledger.models import ImportMode, ImportRun, ImportStatus
from vangnet.ledger.services.standing import open_items_sql, refresh_standings, today


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


def import_erp_data(
    *, corporation: Corporation, source: ImportSource, mode: str = ImportMode.DELTA, actor: User | str | None
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
            run.finished_at = timezone.now()
            run.save(update_fields=["counts", "warnings", "finished_at"])
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
    run.finished_at = timezone.now()
    run.save()
    log_action(
        corporation=corporation, actor=actor, action="import.rejected", obj=run, data={"errors": len(errors)}
    )
    return run


def _apply(*, corporation: Corporation, source: ImportSource, mode: str, run: ImportRun) -> Outcome:
    outcome = Outcome()
    entities = source.entities()
    present: dict[str, set[str]] = {}
    started = time.perf_counter()
    for entity in entities:
        present[entity.name] = set(source.header(entity))
        load_stage(source, entity)
    outcome.seconds["stage"] = time.perf_counter() - started

    started = time.perf_counter()
    errors: list[ImportError_] = []
    staged = {e.name for e in entities}
    for entity in entities:
        file = source.file_for(entity)
        errors += field_errors(entity, file, present[entity.name])
        errors += duplicate_errors(entity, file)
        errors += reference_errors(entity, file, staged, corporation.pk)
        if entity.immutable:
            errors += immutability_errors(entity, file, corporation.pk)
        python_errors, python_warnings = python_checks(entity, file, present[entity.name])
        errors += python_errors
        outcome.warnings += python_warnings
    outcome.seconds["validate"] = time.perf_counter() - started
    if errors:
        raise Rejected(sorted(errors, key=lambda e: (e.file, e.row or 0, e.field)), outcome.warnings)

    started = time.perf_counter()
    params = {
        "corporation": corporation.pk,
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
        "run": run.pk,
    }
    for entity in entities:
        target = TARGETS[entity.name]
        outcome.counts[entity.name] = _upsert(target, present[entity.name], params)
        outcome.counts[entity.name]["closed"] = (
            _close_missing(target, params) if mode == ImportMode.SNAPSHOT and target.closable else 0
        )
        if entity.name == "ledger_entries":
            _link_entries(params)
            if mode == ImportMode.SNAPSHOT:
                outcome.counts[entity.name]["settled"] = _settle_vanished_invoices(params)
    outcome.seconds["apply"] = time.perf_counter() - started
    for entity in entities:
        drop_stage(entity)

    started = time.perf_counter()
    refresh_standings(corporation=corporation, as_of=today())
    outcome.seconds["standings"] = time.perf_counter() - started
    return outcome


def _from_clause(target: Target) -> str:
    joins = " ".join(f"JOIN {table} {alias} ON {on}" for alias, table, on in target.joins)
    return f"FROM {stage_table(target.entity)} s {joins}"


def _key_condition(target: Target, table_alias: str) -> str:
    return " AND ".join(f"{table_alias}.{k.column} = {k.expr}" for k in target.key)


def _upsert(target: Target, present: set[str], params: dict) -> dict[str, int]:
    match = f"x.corporation_id = %(corporation)s AND {_key_condition(target, 'x')}"
    updatable = [f for f in target.fields if not f.sources or set(f.sources) & present]
    changed = " OR ".join([*(d.differs(f"x.{f.column}", f.expr) for f in updatable)] or ["false"])
    if target.closable:
        changed = f"({changed}) OR x.removed_from_source_at IS NOT NULL"
    if target.entity.immutable:
        changed = "x.removed_from_source_at IS NOT NULL" if target.closable else "false"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM(CASE WHEN x.id IS NULL THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN x.id IS NOT NULL AND ({changed}) THEN 1 ELSE 0 END) "
            f"{_from_clause(target)} LEFT JOIN {target.table} x ON {match}",
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
                f"SELECT {selected} {_from_clause(target)} JOIN {target.table} x ON {match} WHERE {changed}"
                f") u WHERE t.id = u.target_id",
                params,
            )
        if created:
            columns = ["corporation_id", *(k.column for k in target.key), *(f.column for f in target.fields)]
            exprs = ["%(corporation)s", *(k.expr for k in target.key), *(f.expr for f in target.fields)]
            columns += [column for column, _ in target.stamps]
            exprs += [expr for _, expr in target.stamps]
            cursor.execute(
                f"INSERT INTO {target.table} ({', '.join(columns)}) SELECT {', '.join(exprs)} "
                f"{_from_clause(target)} LEFT JOIN {target.table} x ON {match} WHERE x.id IS NULL",
                params,
            )
    return {"created": created, "updated": updated, "unchanged": total - created - updated}


def _close_missing(target: Target, params: dict) -> int:
    """Snapshot mode: rows of this entity the delivery no longer lists are marked, never deleted."""
    listed = f"SELECT 1 {_from_clause(target)} WHERE {_key_condition(target, target.table)}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {target.table} SET removed_from_source_at = %(now)s "
            f"WHERE corporation_id = %(corporation)s AND removed_from_source_at IS NULL "
            f"AND NOT EXISTS ({listed})",
            params,
        )
        return cursor.rowcount


def _link_entries(params: dict) -> None:
    """Links are set after all entries exist, so an entry may point to one later in the same file."""
    stage = stage_table(TARGETS["ledger_entries"].entity)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE ledger_ledgerentry AS t SET linked_entry_id = u.link_id FROM ("
            f"SELECT x.id AS entry_pk, l.id AS link_id FROM {stage} s "
            f"JOIN ledger_ledgerentry x ON x.corporation_id = %(corporation)s AND x.source_id = s.entry_id "
            f"JOIN ledger_ledgerentry l ON l.corporation_id = %(corporation)s AND l.source_id = s.linked_entry_id "
            f"WHERE s.linked_entry_id <> '' AND x.linked_entry_id IS NULL) u WHERE t.id = u.entry_pk",
            params,
        )


def _settle_vanished_invoices(params: dict) -> int:
    """An invoice the ERP no longer lists was settled there: a linked correction closes what is still open."""
    booking = "CAST(%(now)s AS date)" if d.is_postgres() else "date(%(now)s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO ledger_ledgerentry (corporation_id, contract_id, source_id, kind, category, booking_date, "
            f"due_date, amount, payment_reference, linked_entry_id, reversal_reason, description, import_run_id) "
            f"SELECT %(corporation)s, e.contract_id, 'vangnet-settled-' || e.source_id, 'correction', '', "
            f"{booking}, {booking}, -items.open_amount, '', e.id, '', 'Vereffend volgens ERP', %(run)s "
            f"FROM ({open_items_sql()}) items JOIN ledger_ledgerentry e ON e.id = items.id "
            f"WHERE e.removed_from_source_at = %(now)s AND items.open_amount > 0.005",
            params,
        )
        return cursor.rowcount


def entity_file(source: ImportSource, entity: Entity) -> str:
    return source.file_for(entity)
