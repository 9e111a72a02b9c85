"""The reports in the back office: every report's page with its chart and table, the drill-down from a wijk
to the contracts behind it and on to the tenant card, the downloads, and who may see them."""

import io

import pytest
from openpyxl import load_workbook

from tests.factories import MembershipFactory
from tests.reports.conftest import build_portfolio
from vangnet.core.models import Role
from vangnet.reports.registry import REPORTS


@pytest.fixture
def world(staff_a):
    return staff_a, build_portfolio(staff_a.corporation)


def test_every_report_opens_with_a_chart_and_a_table(world):
    staff, _portfolio = world
    for report in REPORTS.values():
        response = staff.client.get(f"/rapporten/{report.name}/")
        assert response.status_code == 200, report.name
        page = response.content.decode()
        assert str(report.title) in page
        assert "<table" in page


def test_the_arrears_page_shows_the_wijken_with_their_share_of_the_annual_rent(
    world, django_assert_max_num_queries
):
    staff, _portfolio = world
    with django_assert_max_num_queries(12):
        response = staff.client.get("/rapporten/arrears/?by=neighbourhood")

    page = response.content.decode()
    assert "Lombok" in page
    assert "6,94%" in page
    assert "€ 1.650,00" in page
    assert 'role="img"' in page


def test_a_wijk_drills_down_to_its_contracts_and_on_to_the_tenant_card(world):
    staff, portfolio = world
    page = staff.client.get("/rapporten/arrears/groep/?by=neighbourhood&key=Lombok").content.decode()

    late = portfolio.contracts["late"]
    assert late.source_id in page
    assert portfolio.contracts["paid"].source_id not in page
    tenant = late.parties.get().tenant
    assert f"/huurders/{tenant.pk}/" in page
    assert staff.client.get(f"/huurders/{tenant.pk}/").status_code == 200


def test_the_page_downloads_the_same_figures_as_xlsx_csv_and_svg(world):
    staff, _portfolio = world
    xlsx = staff.client.get("/rapporten/arrears/?by=unit_kind&format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[-1][0] == "Totaal"
    assert rows[-1][3] == 1650

    csv_text = staff.client.get("/rapporten/arrears/?by=unit_kind&format=csv").content.decode("utf-8-sig")
    assert "Parkeerplaats" in csv_text
    svg = staff.client.get("/rapporten/arrears/?by=unit_kind&format=svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert "Parkeerplaats" in svg.content.decode()


def test_a_wrong_choice_is_named_and_shows_no_figures(world):
    staff, _portfolio = world
    response = staff.client.get("/rapporten/payments/?as_of=2026-01-01&period_from=2026-02-01")

    assert response.status_code == 400
    assert "De begindatum ligt na de einddatum." in response.content.decode()


def test_a_dispute_handler_does_not_see_the_reports(world):
    staff, _portfolio = world
    handler = MembershipFactory(corporation=staff.corporation, role=Role.DISPUTE_HANDLER)
    staff.client.force_login(handler.user)

    assert staff.client.get("/rapporten/arrears/").status_code == 403


def test_another_corporations_wijken_never_show(world, staff_b):
    _staff, _portfolio = world
    page = staff_b.client.get("/rapporten/arrears/?by=neighbourhood").content.decode()

    assert "Lombok" not in page
