"""Two real Celery workers on a real broker race for the same messages: every e-mail goes out once.

Needs Redis on 127.0.0.1:6379 (VANGNET_TEST_BROKER_URL to change). Without a broker the test is skipped
locally and fails when CI=true, so CI cannot silently lose it. The workers and the test share a SQLite file
database of their own; the SMTP server (aiosmtpd) runs in the test process and counts what arrives.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from email import message_from_bytes
from pathlib import Path

import pytest

from tests.db_template import copy_migrated_sqlite

from .servers import SmtpServer

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("VANGNET_TEST_BROKER_URL", "redis://127.0.0.1:6379/0")
COUNT = 40
# Workers in other processes: the test clock does not reach them, so the moved-day CI runs leave this out.
pytestmark = pytest.mark.subprocess


def _broker_reachable() -> bool:
    parts = urllib.parse.urlsplit(BROKER)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def _python(code: str, env: dict) -> str:
    script = f"import django; django.setup(); {code}"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def broker():
    if not _broker_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Celery broker at {BROKER}: the double-send test must run in CI")
        pytest.skip(f"no Celery broker at {BROKER}")
    return BROKER


def test_two_workers_never_send_a_message_twice(broker, tmp_path):
    with SmtpServer() as smtp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vangnet.settings",
            "VANGNET_SQLITE_PATH": str(tmp_path / "broker.sqlite3"),
            "VANGNET_VAR_DIR": str(tmp_path / "var"),
            "VANGNET_BROKER_URL": broker,
            "VANGNET_CELERY_QUEUE": f"vangnet-test-{uuid.uuid4().hex}",
            "VANGNET_SMTP_PORT": str(smtp.port),
        }
        env.pop("DATABASE_URL", None)
        # The test databases' migrated template when there is one: `migrate` then has nothing to apply.
        copy_migrated_sqlite(tmp_path / "broker.sqlite3")
        subprocess.run(
            [sys.executable, "-m", "vangnet.cli", "migrate", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=180,
        )
        world = json.loads(_python(f"from tests.messaging.celery_scenario import setup; setup({COUNT})", env))
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "vangnet",
                    "worker",
                    "-Q",
                    env["VANGNET_CELERY_QUEUE"],
                    "-c",
                    "2",
                    "-P",
                    "prefork",
                    "-n",
                    f"w{i}-{uuid.uuid4().hex[:6]}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-l",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(tmp_path / f"worker{i}.log", "w"),  # noqa: SIM115
            )
            for i in range(2)
        ]
        try:
            _python(
                f"from tests.messaging.celery_scenario import enqueue; enqueue({world['corporation']}, {world['ids']}, 3)",
                env,
            )
            deadline = time.monotonic() + 90
            while len(smtp.sink.received) < COUNT and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(3)  # let any late duplicate arrive before counting
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
        logs = "\n".join((tmp_path / f"worker{i}.log").read_text()[-2000:] for i in range(2))
        ids = [message_from_bytes(r.content)["Message-ID"] for r in smtp.sink.received]
        assert len(ids) == COUNT, f"received {len(ids)} of {COUNT}\n{logs}"
        assert len(set(ids)) == COUNT, "a message was sent twice"
        statuses = json.loads(_python("from tests.messaging.celery_scenario import report; report()", env))
        assert statuses == ["sent"] * COUNT
