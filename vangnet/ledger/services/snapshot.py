"""What a snapshot does besides writing what it lists: rows it no longer lists are closed, never deleted,
and an invoice the ERP no longer lists was settled there."""

from django.db import connection

from vangnet.core import sql
from vangnet.ledger.importing.staging import key_condition, stage_table, staged_from
from vangnet.ledger.importing.targets import Target
from vangnet.ledger.models import LedgerEntry
from vangnet.ledger.services.standing import open_items_sql

ENTRIES = sql.table(LedgerEntry)


def _own_rows(target: Target) -> str:
    """` AND` the rows of the table that are the source's to close, or nothing when all are."""
    return f" AND {target.closable_where}" if target.closable_where else ""


def has_open_rows(target: Target, params: dict) -> bool:
    """Whether the corporation has rows of this entity a snapshot could close. Before its first delivery it
    has none, and closing would read every row just inserted for nothing (4 s for 4.8 million entries)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {target.table} WHERE corporation_id = %(corporation)s "
            f"AND removed_from_source_at IS NULL{_own_rows(target)})",
            params,
        )
        return bool(cursor.fetchone()[0])


def close_missing(target: Target, params: dict) -> int:
    """Snapshot mode: rows of this entity the delivery no longer lists are marked, never deleted."""
    if len(target.key) == 1 and target.key[0].column == "source_id":
        key_column = target.key[0].sources[0]
        listed = (
            f"SELECT 1 FROM {stage_table(target.entity)} s WHERE s.{key_column} = {target.table}.source_id"
        )
    else:
        listed = f"SELECT 1 {staged_from(target)} WHERE {key_condition(target, target.table)}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {target.table} SET removed_from_source_at = %(now)s "
            f"WHERE corporation_id = %(corporation)s AND removed_from_source_at IS NULL "
            f"AND NOT EXISTS ({listed}){_own_rows(target)}",
            params,
        )
        return cursor.rowcount


def settle_vanished_invoices(params: dict) -> list[int]:
    """An invoice the ERP no longer lists was settled there: a linked correction closes what is still open.

    Returns the contract of each correction booked."""
    booking = "CAST(%(now)s AS date)" if sql.is_postgres() else "date(%(now)s)"
    # Open items are computed only for the contracts that lost an entry in this delivery.
    vanished_contracts = (
        f"AND contract_id IN (SELECT contract_id FROM {ENTRIES} "
        "WHERE corporation_id = %(corporation)s AND removed_from_source_at = %(now)s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ENTRIES} (corporation_id, contract_id, source_id, kind, category, booking_date, "
            f"due_date, amount, payment_reference, linked_entry_id, reversal_reason, description, import_run_id) "
            f"SELECT %(corporation)s, e.contract_id, 'vangnet-settled-' || e.source_id, 'correction', '', "
            f"{booking}, {booking}, -items.open_amount, '', e.id, '', 'Vereffend volgens ERP', %(run)s "
            f"FROM ({open_items_sql(vanished_contracts)}) items JOIN {ENTRIES} e ON e.id = items.id "
            f"WHERE e.removed_from_source_at = %(now)s AND items.open_amount > 0.005 RETURNING contract_id",
            params,
        )
        return [row[0] for row in cursor.fetchall()]
