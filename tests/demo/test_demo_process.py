"""The demo built as `scripts/demo` builds it: in a process of its own, on a file database, with the
corporation scoping of production switched on (a command starts without a scope). In the test process the
fixtures disable scoping and roll every commit back, so an unscoped read in the demo's own path, or work the
outbox does after a commit, only shows here."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.db_template import copy_migrated_sqlite

# Seeding 120 tenancies with 24 months of history and a week of daily runs, in a cold process.
TIMEOUT = 600
# Another process: the test clock does not reach it, so the moved-day CI runs leave these out.
pytestmark = pytest.mark.subprocess

DAY = "2026-12-04"


def demo_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("VANGNET_")
        and k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    # As `vangnet demo` runs: the demo's own environment (sandbox providers, the demo's key), a file database.
    env.update({"VANGNET_ENV": "demo", "VANGNET_VAR_DIR": str(tmp_path)})
    return env


def vangnet(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vangnet.cli", *args], env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def test_the_demo_is_built_in_production_scope_up_to_a_released_early_signal(tmp_path):
    """At this size the day before's vroegsignalering batch is released with a signal in it, so every read
    of the demo's early signals runs: one of them once ran outside the corporation's scope and stopped the
    demo."""
    env = demo_env(tmp_path)
    # The test databases' migrated template when there is one: `migrate` below then has nothing to apply.
    copy_migrated_sqlite(tmp_path / "vangnet.sqlite3")
    migrated = vangnet("migrate", "--no-input", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    seeded = vangnet("seed_demo", "--tenancies", "120", "--as-of", DAY, "--json", env=env)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    assert "Traceback" not in seeded.stderr
    result = json.loads(seeded.stdout.strip().splitlines()[-1])
    assert result["as_of"] == DAY
    assert result["import"]["status"] == "applied"
    assert result["import"]["errors"] == 0

    with sqlite3.connect(tmp_path / "vangnet.sqlite3") as db:
        batches = dict(
            db.execute("select status, count(*) from earlysignal_signalbatch group by status").fetchall()
        )
        released_signals = db.execute(
            "select count(*) from earlysignal_signal s join earlysignal_signalbatch b on b.id = s.batch_id "
            "where b.status = 'released'"
        ).fetchone()[0]
    assert batches.get("released", 0) >= 1
    assert batches.get("draft") == 1
    assert released_signals >= 1
