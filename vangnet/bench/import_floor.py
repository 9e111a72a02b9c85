"""The floor of any staged import of this ledger: what no design that stages text and keeps the ledger's
indexes can go below, measured on the same files.

The text COPY (the baseline itself), one typed INSERT of the entries into a copy of the ledger table that
has no indexes yet, and the ledger's indexes built on it afterwards, as a first load into a table of its
own could. No validation, no links between entries resolved, no other entity, no standings: a real import
does all of that on top, so the true floor is higher still.
PostgreSQL only; everything is rolled back.
"""

import time
from pathlib import Path

from django.db import connection, transaction

from vangnet.core import sql
from vangnet.ledger.importing.schema import LEDGER_ENTRIES
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.importing.staging import load_stage, staged_from
from vangnet.ledger.importing.targets import TARGETS
from vangnet.ledger.models import LedgerEntry

FLOOR_TABLE = "bench_floor_entries"


def measure_floor(directory: Path, *, corporation_id: int, copy_seconds: float) -> dict:
    """Seconds per step of the floor, and the ratio to the baseline COPY it allows at best."""
    target = TARGETS[LEDGER_ENTRIES.name]
    ledger = sql.table(LedgerEntry)
    columns, exprs = target.inserted()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # Staged as the import stages it (not timed: the baseline COPY stands for it).
        load_stage(CsvSetSource([directory]), LEDGER_ENTRIES)
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [ledger])
        index_definitions = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"CREATE TABLE {FLOOR_TABLE} (LIKE {ledger} INCLUDING DEFAULTS)")
        started = time.perf_counter()
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (id, {', '.join(columns)}) SELECT s.row_no, {', '.join(exprs)} "
            f"{staged_from(target)}",
            {"corporation": corporation_id, "run": None},
        )
        insert_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for number, definition in enumerate(index_definitions):
            # The same index on the copy: its name and table swapped, the rest exactly as the ledger has it.
            on_table = definition.split(" ON ", 1)[1].replace(f"public.{ledger}", FLOOR_TABLE, 1)
            unique = "UNIQUE " if definition.startswith("CREATE UNIQUE") else ""
            cursor.execute(f"CREATE {unique}INDEX bench_floor_{number} ON {on_table}")
        index_seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    seconds = copy_seconds + insert_seconds + index_seconds
    return {
        "copy": round(copy_seconds, 2),
        "insert_entries": round(insert_seconds, 2),
        "build_indexes": round(index_seconds, 2),
        "indexes": len(index_definitions),
        "seconds": round(seconds, 2),
        "best_ratio": round(copy_seconds / seconds, 3),
    }
