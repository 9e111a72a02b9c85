"""The report as the command line, the API and the exports give it: the same rows and totals."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.api.clients import make_client
from tests.factories import MembershipFactory
from tests.reports.conftest import build_portfolio
from vangnet.core.models import Role
from vangnet.reports.exports import report_csv, report_xlsx
from vangnet.reports.history import history_record
from vangnet.reports.selectors import report_compute
from vangnet.reports.services import saved_report_create


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_rows_and_totals_as_one_json_object_on_the_last_line(portfolio):
    slug = portfolio.corporation.slug
    printed = _run("arrears", "--corporation", slug, "--by", "neighbourhood", "--format", "json")

    data = json.loads(printed.strip().splitlines()[-1])
    assert {row["label"] for row in data["rows"]} == {"Lombok", "Oog in Al"}
    assert data["totals"]["overdue_amount"] == "1650.00"
    assert data["by"] == "neighbourhood"


def test_the_command_lists_every_report_with_its_dimensions(db):
    data = json.loads(_run("--list").strip().splitlines()[-1])

    arrears = next(report for report in data["reports"] if report["name"] == "arrears")
    assert "neighbourhood" in arrears["dimensions"]
    assert {"ageing", "arrears_trend", "payments", "channels", "disputes"} <= {
        r["name"] for r in data["reports"]
    }


def test_the_command_refuses_an_unknown_dimension_by_name(portfolio):
    with pytest.raises(CommandError, match="Kies uit: total, municipality"):
        _run("arrears", "--corporation", portfolio.corporation.slug, "--by", "colour")


def test_the_command_writes_an_xlsx_that_opens_with_the_same_totals(portfolio, tmp_path):
    path = tmp_path / "arrears.xlsx"
    _run("arrears", "--corporation", portfolio.corporation.slug, "--format", "xlsx", "--output", str(path))

    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Wijk", "Huurders met achterstand", "Saldo")
    total = rows[-1]
    assert total[0] == "Totaal"
    header = list(rows[0])
    assert Decimal(str(total[header.index("Achterstand")])) == Decimal("1650.00")


def test_every_exported_text_cell_is_formula_safe(db):
    world = build_portfolio()
    unit = world.contracts["late"].unit
    unit.neighbourhood = '=HYPERLINK("http://evil.example","klik")'
    unit.save()
    # The history row carries the unit's wijk as it was when the day's run wrote it.
    history_record(corporation=world.corporation, as_of=world.as_of)
    result = report_compute(
        corporation=world.corporation, name="arrears", by="neighbourhood", as_of=world.as_of
    )

    assert "'=HYPERLINK" in report_csv(result).decode("utf-8")
    sheet = load_workbook(io.BytesIO(report_xlsx(result))).active
    cells = [
        cell for row in sheet.iter_rows() for cell in row if cell.value and str(cell.value).startswith("=")
    ]
    assert [cell.data_type for cell in cells] == ["s"]


def test_the_api_gives_the_report_as_json_and_csv_with_the_key(db):
    api = make_client("woonstad", "Woonstad")
    build_portfolio(api.corporation)

    response = api.get("/api/v1/reports/arrears?by=unit_kind")
    assert response.status_code == 200
    data = response.json()
    assert {row["label"] for row in data["rows"]} == {"Woning", "Parkeerplaats"}
    assert data["totals"]["overdue_amount"] == "1650.00"

    csv_response = api.get("/api/v1/reports/arrears?by=unit_kind&format=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Parkeerplaats" in csv_response.content.decode("utf-8")


def test_the_api_refuses_an_unknown_report_and_needs_the_key(db):
    api = make_client("woonstad", "Woonstad")

    unknown = api.get("/api/v1/reports/colours")
    assert unknown.status_code == 400
    assert "Er is geen rapport 'colours'" in unknown.json()["detail"]
    assert api.client.get("/api/v1/reports/arrears").status_code == 401
    listed = api.get("/api/v1/reports").json()
    assert "arrears" in {report["name"] for report in listed}


def test_the_api_gives_a_team_report_as_json_and_csv_and_no_private_one(db):
    api = make_client("woonstad", "Woonstad")
    build_portfolio(api.corporation)
    colleague = MembershipFactory(corporation=api.corporation, role=Role.MANAGER).user
    spec = {
        "subject": "contracts",
        "dimensions": ["neighbourhood"],
        "measures": ["count", "sum:overdue_amount"],
    }
    team = saved_report_create(
        corporation=api.corporation, title="Per wijk", spec=spec, shared=True, on_start=False, actor=colleague
    )
    private = saved_report_create(
        corporation=api.corporation, title="Van mij", spec=spec, shared=False, on_start=False, actor=colleague
    )

    body = api.get(f"/api/v1/reports/dynamic/{team.pk}").json()
    assert body["title"] == "Per wijk"
    lombok = next(row for row in body["rows"] if row["label"] == "Lombok")
    assert lombok == {"key": "Lombok", "label": "Lombok", "count": 3, "sum_overdue_amount": "1400.00"}
    assert body["totals"]["sum_overdue_amount"] == "1650.00"
    csv_text = api.get(f"/api/v1/reports/dynamic/{team.pk}?format=csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[-1] == "Totaal;5;1650.00"

    assert api.get(f"/api/v1/reports/dynamic/{private.pk}").status_code == 404
    other = make_client("thuisbest", "Thuisbest")
    assert other.get(f"/api/v1/reports/dynamic/{team.pk}").status_code == 404
    assert api.client.get(f"/api/v1/reports/dynamic/{team.pk}").status_code == 401
