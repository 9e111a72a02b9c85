"""`vangnet campaigns --json` and `vangnet campaign_export`: the export has exactly the readings entered."""

import csv
import io
import json
from decimal import Decimal

from django.core.management import call_command
from openpyxl import load_workbook

from tests.campaigns.conftest import meter_with_history
from tests.campaigns.test_answers import _running, _target
from vangnet.campaigns.services import meter_reading_submit, paper_slip_enter
from vangnet.core import clock
from vangnet.messaging.links import access_code


def _meter_campaign(world):
    today = clock.today()
    meter_with_history(world.tenants[0], "WM-100", ("100", "150"), as_of=today)
    meter_with_history(world.tenants[1], "WM-200", ("300", "350"), as_of=today)
    campaign = _running(world, "meter")
    meter_reading_submit(
        target=_target(campaign, world.tenants[0]), meter_number="WM-100", value="175,5", as_of=today
    )
    paper_slip_enter(
        campaign=campaign,
        code=access_code(world.tenants[1].pk),
        meter_number="WM-200",
        value="340",
        as_of=today,
        actor=world.staff,
    )
    meter_reading_submit(
        target=_target(campaign, world.tenants[2]), meter_number="WM-300", value="12", as_of=today
    )
    return campaign


def test_the_campaigns_command_prints_the_counts_as_json(world, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _meter_campaign(world)  # and the messages are delivered (in the sandbox)
    call_command("campaigns", "--corporation", "woonstad", "--json")
    payload = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert payload == {
        "campaigns": [
            {
                "id": campaign.pk,
                "name": "Campagne meter",
                "kind": "meter",
                "status": "running",
                "targeted": 4,
                "sent": 4,
                "answered": 3,
                "implausible": 1,
            }
        ]
    }


def test_the_csv_export_matches_the_readings_entered(world, tmp_path):
    campaign = _meter_campaign(world)
    path = tmp_path / "meters.csv"
    call_command("campaign_export", str(campaign.pk), "--format", "csv", "--output", str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    today = f"{clock.today():%Y-%m-%d}"
    assert [
        (
            r["adres"].split(",")[0],
            r["meternummer"],
            r["vorige_stand"],
            r["stand"],
            r["datum"],
            r["verbruik_m3"],
            r["bron"],
            r["status"],
        )
        for r in rows
    ] == [
        ("Lindenlaan 10", "WM-100", "150.000", "175.500", today, "25.500", "portal", "accepted"),
        ("Lindenlaan 11", "WM-200", "350.000", "340.000", today, "-10.000", "paper", "implausible"),
        ("Lindenlaan 12", "WM-300", "", "12.000", today, "", "portal", "accepted"),
    ]
    assert {r["complex"] for r in rows} == {"C100"}


def test_the_xlsx_export_has_the_same_rows(world, tmp_path):
    campaign = _meter_campaign(world)
    path = tmp_path / "meters.xlsx"
    call_command("campaign_export", str(campaign.pk), "--format", "xlsx", "--output", str(path))
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("complex", "complexnaam", "eenheid", "adres", "meternummer")
    assert [(r[4], Decimal(str(r[7]))) for r in rows[1:]] == [
        ("WM-100", Decimal("175.5")),
        ("WM-200", Decimal("340")),
        ("WM-300", Decimal("12")),
    ]
