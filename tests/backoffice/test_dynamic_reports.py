"""Dynamic reports in the back office: build one from the catalogue, save it for the team, put it on the
start screen, download it as XLSX with the same totals, and nobody else's private report or corporation."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.factories import MembershipFactory
from tests.reports.conftest import build_portfolio
from vangnet.core.models import Role
from vangnet.reports.models import SavedReport
from vangnet.tasks.models import Task, TaskKind, TaskSource

QUERY = (
    "subject=contracts&dimension_1=neighbourhood&dimension_2=&measures=count&measures=sum:overdue_amount"
    "&measures=share&filter_field=tenant_status&filter_values=Zittend&date_from=&date_to="
)


@pytest.fixture
def world(staff_a):
    return staff_a, build_portfolio(staff_a.corporation)


def _colleague(staff):
    colleague = MembershipFactory(corporation=staff.corporation, role=Role.CREDIT_MANAGER)
    client = type(staff.client)()
    client.force_login(colleague.user)
    return client


def test_the_builder_shows_the_table_with_its_total_and_a_chart(world, django_assert_max_num_queries):
    staff, _portfolio = world
    first = staff.client.get("/rapporten/samenstellen/").content.decode()
    assert "Contracten (maandstand)" in first
    assert "Saldo (som)" in first
    # Choosing a subject shows its own dimensions and measures, and computes nothing yet.
    tasks = staff.client.get("/rapporten/samenstellen/?subject=tasks").content.decode()
    assert "Team" in tasks
    assert "Saldo (som)" not in tasks
    assert "Uitkomst van het gesprek" in tasks
    assert "<h2>Uitkomst</h2>" not in tasks

    with django_assert_max_num_queries(12):
        response = staff.client.get(f"/rapporten/samenstellen/?{QUERY}")

    assert response.status_code == 200
    page = response.content.decode()
    # Lombok's current tenants: late (1000 overdue) and paid (0); the departed tenant is filtered out.
    assert "Lombok" in page
    assert "€ 1.000,00" in page
    assert "€ 1.250,00" in page  # the total: Lombok 1000 + Oog in Al 250
    assert 'role="img"' in page
    assert "Rapport opslaan" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "subject=contracts&dimension_1=neighbourhood&dimension_2=neighbourhood&measures=count",
            "Kies twee verschillende indelingen.",
        ),
        (
            "subject=contracts&filter_field=unit_kind&filter_values=kasteel&measures=count",
            "&#x27;kasteel&#x27; is geen waarde van Soort eenheid",
        ),
        ("subject=contracts&measures=sum:debit_iban", "Selecteer een geldige keuze"),
        ("subject=tasks&dimension_1=neighbourhood&measures=count", "Selecteer een geldige keuze"),
    ],
)
def test_a_wrong_choice_is_refused_with_a_clear_message(world, query, message):
    staff, _portfolio = world
    response = staff.client.get(f"/rapporten/samenstellen/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Rapport opslaan" not in page


def test_save_for_the_team_as_a_tile_and_see_it_on_the_start_screen(world):
    staff, _portfolio = world
    response = staff.client.post(
        f"/rapporten/samenstellen/opslaan/?{QUERY}",
        {
            "title": "Achterstand zittende huurders per wijk",
            "shared": "1",
            "on_start": "on",
            "schedule": "weekly",
        },
    )
    saved = SavedReport.objects.get(corporation=staff.corporation)
    assert response.status_code == 302
    assert response["Location"] == f"/rapporten/eigen/{saved.pk}/"
    assert saved.spec["filters"] == [{"field": "tenant_status", "values": ["0"]}]
    assert saved.schedule == "weekly"

    page = staff.client.get(f"/rapporten/eigen/{saved.pk}/").content.decode()
    assert "Achterstand zittende huurders per wijk" in page
    assert "€ 1.250,00" in page
    assert "per e-mail: elke maandag" in page

    home = staff.client.get("/").content.decode()
    assert "Mijn rapporten" in home
    assert f'href="/rapporten/eigen/{saved.pk}/"' in home
    # The main figure: the total of the first measure, the current tenants' contracts (the portfolio's four
    # and the colleague's world's own tenant).
    assert "Achterstand zittende huurders per wijk</a></dt><dd>5</dd>" in home

    # A colleague sees the team's report in the list but cannot take it off the owner's start screen.
    colleague = _colleague(staff)
    assert "Achterstand zittende huurders per wijk" in colleague.get("/rapporten/").content.decode()
    colleague.post(f"/rapporten/eigen/{saved.pk}/startscherm/", {"on_start": "0"})
    saved.refresh_from_db()
    assert saved.on_start

    staff.client.post(f"/rapporten/eigen/{saved.pk}/startscherm/", {"on_start": "0"})
    assert "Mijn rapporten" not in staff.client.get("/").content.decode()


def test_a_report_without_a_title_is_not_saved(world):
    staff, _portfolio = world
    response = staff.client.post(f"/rapporten/samenstellen/opslaan/?{QUERY}", {"title": " ", "shared": "0"})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert not SavedReport.objects.exists()


def test_the_xlsx_has_the_rows_and_the_same_totals_as_the_table(world):
    staff, _portfolio = world
    staff.client.post(f"/rapporten/samenstellen/opslaan/?{QUERY}", {"title": "Per wijk", "shared": "0"})
    saved = SavedReport.objects.get()
    xlsx = staff.client.get(f"/rapporten/eigen/{saved.pk}/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))

    assert rows[0] == ("Wijk", "Aantal", "Achterstand (som)", "Aandeel van het totaal")
    by_wijk = {row[0]: row[1:] for row in rows[1:]}
    assert by_wijk["Lombok"][:2] == (2, 1000)
    assert by_wijk["Oog in Al"][:2] == (2, 250)
    assert rows[-1][0] == "Totaal"
    assert rows[-1][2] == sum(row[2] for row in rows[1:-1]) == 1250


def test_a_private_report_and_another_corporation_stay_out_of_sight(world, staff_b):
    staff, _portfolio = world
    staff.client.post(f"/rapporten/samenstellen/opslaan/?{QUERY}", {"title": "Van mij", "shared": "0"})
    saved = SavedReport.objects.get()

    assert _colleague(staff).get(f"/rapporten/eigen/{saved.pk}/").status_code == 404
    assert staff_b.client.get(f"/rapporten/eigen/{saved.pk}/").status_code == 404
    assert "Van mij" not in staff_b.client.get("/rapporten/").content.decode()

    staff.client.post(f"/rapporten/eigen/{saved.pk}/verwijderen/")
    assert not SavedReport.objects.exists()


def test_several_filter_rows_narrow_the_report_and_rows_come_and_go_without_javascript(world):
    staff, _portfolio = world
    both = f"{QUERY}&filter_field_2=neighbourhood&filter_values_2=Lombok"
    page = staff.client.get(f"/rapporten/samenstellen/?{both}").content.decode()
    # Current tenants in Lombok only: 1000 of the 1250 of all current tenants.
    result = page.split("Uitkomst")[1]
    assert "Lombok" in result and "Oog in Al" not in result
    assert "€ 1.250,00" not in result
    assert "Filter 2 op" in page
    assert "Verwijder filter 2" in page

    added = staff.client.get(f"/rapporten/samenstellen/?{both}&add_filter=1")
    assert added.status_code == 302
    page = staff.client.get(added["Location"]).content.decode()
    assert "Filter 3 op" in page
    assert "Oog in Al" not in page.split("Uitkomst")[1]

    # Removing the first row moves the second up: only the wijk filter is left, departed tenants count too.
    removed = staff.client.get(f"/rapporten/samenstellen/?{both}&remove_filter=1")
    assert removed.status_code == 302
    assert "filter_field=neighbourhood" in removed["Location"]
    assert "filter_field_2" not in removed["Location"]
    page = staff.client.get(removed["Location"]).content.decode()
    assert "Filter 2 op" not in page
    assert "Zittend" not in page.split("Uitkomst")[1]


def test_only_my_teams_counts_the_work_of_the_colleagues_own_team(world):
    staff, _portfolio = world
    staff.membership.department = "Incasso"
    staff.membership.save()
    for team, count in (("Incasso", 2), ("Klantcontact", 3)):
        for number in range(count):
            Task.objects.create(
                corporation=staff.corporation,
                kind=TaskKind.CALL,
                title=f"Bellen {number}",
                due_on=dt.date(2025, 3, 20),
                team=team,
                source=TaskSource.STAFF,
            )
    query = "subject=tasks&dimension_1=team&measures=count&my_teams=on"
    page = staff.client.get(f"/rapporten/samenstellen/?{query}").content.decode()
    assert "Uw team: Incasso." in page
    assert "Klantcontact" not in page.split("Uitkomst")[1]
    csv = staff.client.get(f"/rapporten/samenstellen/?{query}&format=csv").content.decode("utf-8-sig")
    assert [line.split(";")[-1] for line in csv.strip().splitlines()[1:]] == ["2", "2"]

    # A colleague in no team is told why, and nothing is computed.
    colleague = _colleague(staff)
    response = colleague.get(f"/rapporten/samenstellen/?{query}")
    assert response.status_code == 400
    assert "U hoort nog bij geen team" in response.content.decode()
    # Contracts have no teams: the choice is not offered.
    assert "Alleen mijn teams" not in staff.client.get("/rapporten/samenstellen/").content.decode()
