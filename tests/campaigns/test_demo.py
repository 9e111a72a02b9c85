"""The demo has a finished contact-data campaign and a running water-meter campaign with answers,
doubtful readings and paper slips, all made by the campaign services on past days."""

import io
import json
from datetime import date

from django.core.management import call_command
from django_scopes import scopes_disabled

from vangnet.campaigns.models import ContactChange, MeterReading


def test_the_demo_shows_both_campaigns_with_real_answers(settings, tmp_path, db):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", tenancies=40, months=2, as_of=date(2026, 11, 25), stdout=io.StringIO())
    out = io.StringIO()
    call_command("campaigns", "--corporation", "demo", "--json", stdout=out)
    enrichment, meter = json.loads(out.getvalue().strip().splitlines()[-1])["campaigns"]
    assert (enrichment["kind"], enrichment["status"]) == ("contact", "finished")
    assert 0 < enrichment["answered"] < enrichment["targeted"]
    assert (meter["kind"], meter["status"]) == ("meter", "running")
    assert 0 < meter["answered"] < meter["targeted"]
    assert meter["implausible"] > 0
    with scopes_disabled():
        assert MeterReading.objects.filter(source="paper").exists()
        change = ContactChange.objects.order_by("changed_on").first()
        assert change is not None
        assert change.changed_on < date(2026, 11, 25)  # answered on its own day, weeks ago
