import io
import json

from django.core.management import call_command


def test_bench_dispatch_prints_its_figures_as_json(db, settings, tmp_path):
    settings.MESSAGING_LETTER_DIR = tmp_path
    out = io.StringIO()
    call_command("bench", "dispatch", "--messages", "5", "--workers", "1", stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["emails_sent"] == figures["letters"] == 5
    assert {"emails_per_s", "letter_pages_per_s", "peak_rss_mb"} <= set(figures)
