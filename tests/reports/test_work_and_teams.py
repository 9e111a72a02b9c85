"""The work report (calls and their outcomes, tasks done and overdue, batches reviewed, per colleague and
team) and *Alleen mijn teams* on the reports whose rows belong to a team: the page, the API and the command."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.api.clients import make_client
from tests.factories import MembershipFactory
from tests.reports.conftest import Portfolio, build_portfolio
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Role
from vangnet.disputes.models import Dispute, DisputeCategory
from vangnet.messaging.models import Batch, BatchStatus
from vangnet.reports.selectors import report_compute
from vangnet.tasks.calls import CallOutcome, call_outcome_register
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus
from vangnet.tasks.services import task_complete

pytestmark = pytest.mark.django_db


def _task(portfolio: Portfolio, *, team: str, kind: str = TaskKind.CALL, due_days: int = 0) -> Task:
    return Task.objects.create(
        corporation=portfolio.corporation,
        kind=kind,
        title="Bellen over de achterstand",
        due_on=portfolio.as_of + dt.timedelta(days=due_days),
        team=team,
        source=TaskSource.STAFF,
    )


@pytest.fixture
def work(portfolio):
    """Two colleagues in two teams: Sanne (Incasso) calls twice and finishes a task, Ahmed (Klantcontact)
    calls once and approves a batch; two tasks are past their day, one of each team."""
    corporation = portfolio.corporation
    sanne = MembershipFactory(
        corporation=corporation, department="Incasso", user__first_name="Sanne", user__last_name="Bakker"
    ).user
    ahmed = MembershipFactory(
        corporation=corporation,
        department="Klantcontact",
        user__first_name="Ahmed",
        user__last_name="Yilmaz",
        role=Role.MANAGER,
    ).user
    as_of = portfolio.as_of
    call_outcome_register(
        task=_task(portfolio, team="Incasso"), outcome=CallOutcome.REACHED, actor=sanne, as_of=as_of
    )
    call_outcome_register(
        task=_task(portfolio, team="Incasso"), outcome=CallOutcome.WRONG_NUMBER, actor=sanne, as_of=as_of
    )
    task_complete(
        task=_task(portfolio, team="Incasso", kind=TaskKind.GENERIC), outcome="Kopie gestuurd", actor=sanne
    )
    call_outcome_register(
        task=_task(portfolio, team="Klantcontact"), outcome=CallOutcome.REACHED, actor=ahmed, as_of=as_of
    )
    _task(portfolio, team="Incasso", kind=TaskKind.GENERIC, due_days=-3)
    _task(portfolio, team="Klantcontact", kind=TaskKind.GENERIC, due_days=-1)
    # Due today: not yet overdue.
    _task(portfolio, team="Klantcontact", kind=TaskKind.GENERIC)
    Batch.objects.create(
        corporation=corporation,
        day=as_of,
        status=BatchStatus.APPROVED,
        approved_by=ahmed,
        approved_at=timezone.now(),
    )
    category = DisputeCategory.objects.create(
        corporation=corporation, code="hoogte", name="Hoogte van de huur"
    )
    for team in ("Incasso", "Klantcontact", "Klantcontact"):
        Dispute.objects.create(
            corporation=corporation,
            contract=portfolio.contracts["late"],
            category=category,
            resolver_team=team,
            opened_on=as_of,
            deadline=as_of + dt.timedelta(days=14),
        )
    return portfolio, sanne, ahmed


def _rows(result):
    return {row["label"]: row for row in result.rows}


def test_the_work_report_counts_calls_by_outcome_tasks_and_batches_per_colleague(
    work, django_assert_max_num_queries
):
    portfolio, _sanne, _ahmed = work
    # The colleagues' names, the tasks, the batches.
    with django_assert_max_num_queries(3):
        result = report_compute(
            corporation=portfolio.corporation, name="work", by="colleague", as_of=portfolio.as_of
        )

    rows = _rows(result)
    assert set(rows) == {"Sanne Bakker", "Ahmed Yilmaz", "(niet ingevuld)"}
    sanne = rows["Sanne Bakker"]
    assert (sanne["calls"], sanne["calls_reached"], sanne["calls_wrong_number"]) == (2, 1, 1)
    assert (sanne["tasks_done"], sanne["batches_reviewed"]) == (3, 0)
    ahmed = rows["Ahmed Yilmaz"]
    assert (ahmed["calls"], ahmed["calls_reached"], ahmed["batches_reviewed"]) == (1, 1, 1)
    # The open tasks past their day have nobody assigned yet.
    assert rows["(niet ingevuld)"]["tasks_overdue"] == 2
    assert result.totals["calls"] == 3
    assert result.totals["tasks_done"] == 4
    assert result.totals["tasks_overdue"] == 2
    for column in result.columns:
        assert sum(row[column.key] for row in result.rows) == result.totals[column.key]


def test_the_work_report_by_team_counts_a_batch_for_the_team_of_who_approved_it(work):
    portfolio, _sanne, _ahmed = work
    result = report_compute(corporation=portfolio.corporation, name="work", by="team", as_of=portfolio.as_of)

    rows = _rows(result)
    assert (rows["Incasso"]["calls"], rows["Incasso"]["tasks_overdue"]) == (2, 1)
    assert (rows["Klantcontact"]["calls"], rows["Klantcontact"]["batches_reviewed"]) == (1, 1)
    total = report_compute(
        corporation=portfolio.corporation, name="work", by="total", as_of=portfolio.as_of
    ).totals
    assert total == result.totals


def test_only_my_teams_keeps_the_rows_of_those_teams_in_work_and_disputes(work):
    portfolio, _sanne, _ahmed = work
    work_mine = report_compute(
        corporation=portfolio.corporation,
        name="work",
        by="colleague",
        as_of=portfolio.as_of,
        teams=["Klantcontact"],
    )
    assert set(_rows(work_mine)) == {"Ahmed Yilmaz", "(niet ingevuld)"}
    assert work_mine.totals["calls"] == 1
    assert work_mine.totals["tasks_overdue"] == 1
    assert work_mine.totals["batches_reviewed"] == 1

    disputes = report_compute(
        corporation=portfolio.corporation,
        name="disputes",
        by="team",
        as_of=portfolio.as_of,
        teams=["Incasso"],
    )
    assert [(row["label"], row["disputes"]) for row in disputes.rows] == [("Incasso", 1)]


def test_a_report_without_teams_or_a_colleague_without_a_team_is_refused(work):
    portfolio, _sanne, _ahmed = work
    with pytest.raises(ApplicationError, match=r"niet per team in te delen\. Dat kan bij: disputes, work"):
        report_compute(
            corporation=portfolio.corporation,
            name="arrears",
            by="total",
            as_of=portfolio.as_of,
            teams=["Incasso"],
        )
    with pytest.raises(ApplicationError, match="U hoort nog bij geen team"):
        report_compute(
            corporation=portfolio.corporation, name="work", by="team", as_of=portfolio.as_of, teams=[]
        )


def test_a_call_keeps_its_outcome_as_a_code(work):
    portfolio, sanne, _ahmed = work
    calls = Task.objects.filter(
        corporation=portfolio.corporation, kind=TaskKind.CALL, status=TaskStatus.DONE, assigned_to=sanne
    )
    assert sorted(calls.values_list("call_outcome", flat=True)) == ["reached", "wrong_number"]


def test_the_page_offers_only_my_teams_and_shows_the_colleagues_team(work, client):
    _portfolio, _sanne, ahmed = work
    client.force_login(ahmed)
    client.get("/")

    page = client.get("/rapporten/work/", {"by": "team", "my_teams": "on"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Alleen mijn teams" in text
    assert "Uw team: Klantcontact." in text
    assert '<th scope="row">Klantcontact</th>' in text
    assert '<th scope="row">Incasso</th>' not in text
    arrears = client.get("/rapporten/arrears/").content.decode()
    assert "Alleen mijn teams" not in arrears


def test_the_api_takes_teams_and_refuses_them_on_a_report_without_teams(db):
    api = make_client("woonstad", "Woonstad")
    world = build_portfolio(api.corporation)
    category = DisputeCategory.objects.create(corporation=api.corporation, code="hoogte", name="Hoogte")
    for team in ("Incasso", "Klantcontact", "Wijkteam"):
        Dispute.objects.create(
            corporation=api.corporation,
            contract=world.contracts["late"],
            category=category,
            resolver_team=team,
            opened_on=world.as_of,
            deadline=world.as_of,
        )

    body = api.get("/api/v1/reports/disputes?by=team&team=Incasso&team=Wijkteam").json()
    assert [row["label"] for row in body["rows"]] == ["Incasso", "Wijkteam"]
    assert body["totals"]["disputes"] == 2
    refused = api.get("/api/v1/reports/arrears?team=Incasso")
    assert refused.status_code == 400
    assert "niet per team in te delen" in refused.json()["detail"]
    listed = {report["name"]: report["teams"] for report in api.get("/api/v1/reports").json()}
    assert listed["disputes"] is True
    assert listed["arrears"] is False


def test_the_command_takes_a_team_or_the_teams_of_a_user(work):
    portfolio, _sanne, ahmed = work
    slug = portfolio.corporation.slug
    out = StringIO()
    call_command("report", "work", corporation=slug, by="team", teams=["Incasso"], stdout=out)
    data = json.loads(out.getvalue().splitlines()[-1])
    assert [row["label"] for row in data["rows"]] == ["Incasso"]

    out = StringIO()
    call_command(
        "report",
        "disputes",
        "--corporation",
        slug,
        "--by",
        "team",
        "--my-teams",
        "--user",
        ahmed.username,
        stdout=out,
    )
    data = json.loads(out.getvalue().splitlines()[-1])
    assert [(row["label"], row["disputes"]) for row in data["rows"]] == [("Klantcontact", 2)]

    with pytest.raises(CommandError, match="--my-teams needs --user"):
        call_command("report", "work", "--corporation", slug, "--my-teams")
    with pytest.raises(CommandError, match="there is no user 'niemand'"):
        call_command("report", "work", "--corporation", slug, "--my-teams", "--user", "niemand")


def test_the_disputes_report_gives_the_average_days_to_resolve(work):
    portfolio, _sanne, _ahmed = work
    disputes = list(Dispute.objects.filter(corporation=portfolio.corporation).order_by("pk"))
    as_of = portfolio.as_of
    # Opened today: resolved after 0 and after 3 days (the days counted as whole days); one still open.
    Dispute.objects.filter(pk=disputes[0].pk).update(
        status="resolved", resolved_on=as_of, opened_on=as_of - dt.timedelta(days=3)
    )
    Dispute.objects.filter(pk=disputes[1].pk).update(status="resolved", resolved_on=as_of)
    result = report_compute(corporation=portfolio.corporation, name="disputes", by="team", as_of=as_of)
    rows = _rows(result)
    assert rows["Incasso"]["average_days"] == 3
    assert rows["Klantcontact"]["average_days"] == 0
    # 3 + 0 days over two resolved disputes: 1.5, half up.
    assert result.totals["average_days"] == 2
    assert "days_to_resolve" not in result.totals
