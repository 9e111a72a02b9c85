"""`vangnet bench night` at a tiny size: every phase of the night ran in order, and every e-mail sent
arrived at the local SMTP server exactly once (not timing: the machine decides that)."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PHASES = ["erp_delta", "bank_statement", "daily_run", "outbox_plan", "letters", "emails"]


def _night(*args: str) -> dict:
    out = io.StringIO()
    call_command(
        "bench", "night", "--tenancies", "150", "--months", "12", "--workers", "1", *args, stdout=out
    )
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_bench_night_runs_every_phase_and_sends_each_email_once(settings, tmp_path):
    settings.MESSAGING_LETTER_DIR = tmp_path

    figures = _night()

    assert list(figures["phases"]) == PHASES
    assert figures["seconds"] == pytest.approx(sum(figures["phases"].values()), abs=0.05)
    assert figures["delta_rows"] == figures["rows"] // 100
    assert figures["bank_transactions"] > 0
    # Whether the flows send anything depends on the day (nothing goes out on a Sunday); what was sent,
    # the day's e-mails and the notices sent at once during the night, arrived once.
    assert figures["smtp_received"] == figures["messages"] + figures["notices_emailed"]
    assert figures["peak_rss_mb"] > 0

    again = _night("--reuse")

    assert list(again["phases"]) == PHASES
    assert again["smtp_received"] == again["messages"] + again["notices_emailed"]
