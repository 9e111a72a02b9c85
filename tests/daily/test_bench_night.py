"""`vangnet bench night` at a tiny size: every phase of the night ran in order, and every e-mail sent
arrived at the local SMTP server exactly once (not timing: the machine decides that)."""

import io
import json

import pytest
from django.core.management import call_command

from vangnet.bench import growth

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


def test_growth_exponent_is_the_slope_of_log_seconds_against_log_size():
    linear = {10_000: {"emails": 2.0, "daily_run": 5.0}, 30_000: {"emails": 6.0, "daily_run": 5.0}}

    measured = growth.exponents(linear)

    assert measured == {"daily_run": 0.0, "emails": 1.0, "seconds": 0.41}  # log(11 / 7) / log(3)


def test_growth_exponent_fits_three_sizes_and_needs_two():
    quadratic = {1_000: 1.0, 10_000: 100.0, 100_000: 10_000.0}

    assert growth.exponent(quadratic) == pytest.approx(2.0)
    assert growth.exponent({10_000: 3.0}) is None


def test_growth_projection_scales_each_phase_by_its_exponent_and_at_least_linearly():
    measured = {10_000: {"emails": 1.0, "daily_run": 4.0}, 100_000: {"emails": 100.0, "daily_run": 8.0}}

    projected = growth.projection(measured, to=1_000_000)

    # e-mails grew quadratically (100 x per 10 x); the run flatter than linear, projected linearly.
    assert projected == {"emails": 10_000.0, "daily_run": 80.0, "seconds": 10_080.0}
