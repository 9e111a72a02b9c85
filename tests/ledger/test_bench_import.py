"""`vangnet bench import` and `vangnet bench night` at a tiny size: the last line is one JSON object whose
figures add up (not timing: the machine decides that)."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def _figures(*args: str) -> dict:
    out = io.StringIO()
    call_command("bench", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_bench_import_snapshot_and_a_days_delta():
    figures = _figures("import", "--tenancies", "30", "--months", "6")

    assert figures["tenancies"] == 30
    assert figures["rows"] > 30 * 6
    assert figures["seconds"] > 0
    assert figures["ratio"] > 0
    assert {"stage", "validate", "apply_ledger_entries", "standings"} <= set(figures["phases"])
    # The delta: 1% of the snapshot's rows, spread over the contracts.
    assert figures["delta_rows"] == figures["rows"] // 100
    assert figures["delta_share"] > 0
    assert figures["peak_rss_mb"] > 0


@pytest.mark.postgres_only
def test_bench_import_floor_measures_the_copy_the_bare_insert_and_the_ledgers_indexes():
    figures = _figures("import", "--tenancies", "30", "--months", "6", "--no-delta", "--floor")

    floor = figures["floor"]
    # Every index the ledger has, built on the copy (the same count the catalogue lists for the ledger).
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'ledger_ledgerentry'")
        assert floor["indexes"] == cursor.fetchone()[0] >= 6
    assert floor["seconds"] == pytest.approx(
        floor["copy"] + floor["insert_entries"] + floor["build_indexes"], abs=0.02
    )
    assert 0 < floor["best_ratio"] <= 1
    # The floor is a lower bound of the import it stands beside, and leaves nothing behind.
    assert floor["seconds"] < figures["seconds"] + floor["copy"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_floor_entries')")
        assert cursor.fetchone()[0] is None
