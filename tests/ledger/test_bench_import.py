"""`vangnet bench import` and `vangnet bench night` at a tiny size: the last line is one JSON object whose
figures add up (not timing: the machine decides that)."""

import io
import json

import pytest
from django.core.management import call_command

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
