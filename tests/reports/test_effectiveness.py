"""Which step makes people pay: the effectiveness report over known dossiers, steps, messages and payments."""

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from tests.factories import LedgerEntryFactory, MembershipFactory, UserFactory
from tests.flows.builders import DEFAULT_STEPS
from tests.world import build_world
from vangnet.arrangements.models import Arrangement, ArrangementStatus
from vangnet.core import clock, sql
from vangnet.core.api_keys import api_key_create
from vangnet.core.models import Role
from vangnet.flows.models import CloseReason, Enrollment, EnrollmentStatus, FlowStep, StepOutcome, StepRun
from vangnet.ledger.models import EntryKind
from vangnet.messaging.models import MessageStatus, MessageTemplate, OutgoingMessage
from vangnet.messaging.outbox import manual_batch_get
from vangnet.messaging.services import template_update
from vangnet.reports.base import Query
from vangnet.reports.registry import report_named


def _dossier(world, contract, step, *, ran_days_ago, paid_after=None, amount="500.00"):
    today = clock.today()
    ran = today - dt.timedelta(days=ran_days_ago)
    closed = ran + dt.timedelta(days=paid_after) if paid_after is not None else None
    enrollment = Enrollment.objects.create(
        corporation=world.corporation,
        contract=contract,
        flow=world.flow,
        version=step.version,
        status=EnrollmentStatus.CLOSED if closed else EnrollmentStatus.ACTIVE,
        close_reason=CloseReason.PAID if closed else "",
        started_on=ran,
        oldest_due_on=ran - dt.timedelta(days=10),
        anchor_date=ran,
        entry_amount=Decimal(amount),
        closed_on=closed,
    )
    run = StepRun.objects.create(
        corporation=world.corporation,
        enrollment=enrollment,
        step=step,
        run_on=ran,
        outcome=StepOutcome.DONE,
        reason="test",
        template_code="herinnering-vriendelijk",
    )
    if closed:
        LedgerEntryFactory(
            contract=contract,
            kind=EntryKind.PAYMENT,
            amount=-Decimal(amount),
            booking_date=closed,
            due_date=closed,
        )
    return run


def _message(world, run, channel, *, pages=0, segments=0, status=MessageStatus.SENT, version=None):
    return OutgoingMessage.objects.create(
        corporation=world.corporation,
        batch=manual_batch_get(corporation=world.corporation, day=run.run_on),
        step_run=run,
        enrollment=run.enrollment,
        contract=run.enrollment.contract,
        tenant=world.households[0].tenant,
        channel=channel,
        recipient="tenant",
        template_code=run.step.template_code or "herinnering",
        status=status,
        pages=pages,
        segments=segments,
        template_version=version,
    )


@pytest.fixture
def steps_world(db):
    world = build_world(flow=DEFAULT_STEPS, messaging=True, tenants=4)
    with world.scope():
        first, second = FlowStep.objects.filter(version__flow=world.flow).order_by("position")[:2]
        contracts = [household.contract for household in world.households]
        paid_fast = _dossier(world, contracts[0], first, ran_days_ago=40, paid_after=5)
        _message(world, paid_fast, "letter", pages=2)
        _message(world, paid_fast, "email")
        paid_late = _dossier(world, contracts[1], first, ran_days_ago=40, paid_after=20, amount="300.00")
        _message(world, paid_late, "email")
        _message(world, paid_late, "sms", status=MessageStatus.WITHHELD)  # never left: no reach, no cost
        arranged = _dossier(world, contracts[2], first, ran_days_ago=40)
        _message(world, arranged, "sms", segments=2)
        Arrangement.objects.create(
            corporation=world.corporation,
            contract=contracts[2],
            status=ArrangementStatus.ACTIVE,
            agreed_on=arranged.run_on + dt.timedelta(days=10),
            start_date=arranged.run_on + dt.timedelta(days=15),
            total_amount=Decimal("500.00"),
        )
        recent = _dossier(world, contracts[3], second, ran_days_ago=3)
        _message(world, recent, "letter", pages=1)
        yield world, first, second


def _report(world, by):
    today = clock.today()
    query = Query(
        corporation=world.corporation, as_of=today, by=by, period_start=today - dt.timedelta(days=60)
    )
    return report_named("effectiveness").compute(query)


def test_per_step_the_share_paid_within_7_14_and_30_days_the_money_and_the_cost(steps_world):
    world, first, second = steps_world
    with world.scope():
        result = _report(world, "step")
    rows = {row["key"]: row for row in result.rows}
    one = rows[str(first.pk)]
    assert one["label"] == f"{world.flow.name}: {first.position}. {first.name}"
    assert (one["reached"], one["paid"], one["arrangement"], one["handover"], one["open"]) == (3, 2, 1, 0, 1)
    assert (one["paid_7_share"], one["paid_14_share"], one["paid_30_share"]) == (
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("66.67"),
    )
    assert one["collected"] == Decimal("800.00")
    # A letter of two pages (0.96 + 2 x 0.05) and two SMS parts (2 x 0.07); e-mail costs nothing.
    assert one["cost"] == Decimal("1.20")
    two = rows[str(second.pk)]
    # Three days ago: too recent for any of the shares, which then say nothing rather than 0%.
    assert (two["reached"], two["paid_7_share"], two["paid_30_share"], two["cost"]) == (
        1,
        None,
        None,
        Decimal("1.01"),
    )
    assert result.totals["reached"] == 4
    assert result.totals["paid_30_share"] == Decimal("66.67")
    assert result.totals["cost"] == Decimal("2.21")


def test_per_channel_a_step_sent_twice_counts_in_both_and_the_total_counts_it_once(steps_world):
    world, _first, _second = steps_world
    with world.scope():
        result = _report(world, "channel")
    rows = {row["label"]: row for row in result.rows}
    assert set(rows) == {"Brief", "E-mail", "SMS"}
    assert (rows["Brief"]["reached"], rows["E-mail"]["reached"], rows["SMS"]["reached"]) == (2, 2, 1)
    assert rows["E-mail"]["collected"] == Decimal("800.00")
    assert rows["E-mail"]["paid_7_share"] == Decimal("50.00")
    assert (rows["Brief"]["cost"], rows["SMS"]["cost"], rows["E-mail"]["cost"]) == (
        Decimal("2.07"),
        Decimal("0.14"),
        Decimal("0.00"),
    )
    assert (result.totals["reached"], result.totals["collected"], result.totals["cost"]) == (
        4,
        Decimal("800.00"),
        Decimal("2.21"),
    )


def test_the_corporations_own_prices_are_used(steps_world):
    world, first, _second = steps_world
    with world.scope():
        world.corporation.messaging_settings.__class__.objects.filter(corporation=world.corporation).update(
            letter_postage=Decimal("1.50"), letter_page_cost=Decimal("0"), sms_segment_cost=Decimal("0.10")
        )
        rows = {row["key"]: row for row in _report(world, "step").rows}
    assert rows[str(first.pk)]["cost"] == Decimal("1.70")


def test_flows_and_templates_are_named_as_people_know_them(steps_world):
    world, _first, _second = steps_world
    with world.scope():
        by_flow = _report(world, "flow")
        by_template = _report(world, "template")
    assert [row["label"] for row in by_flow.rows] == [world.flow.name]
    assert by_flow.rows[0]["reached"] == 4
    assert [row["label"] for row in by_template.rows] == ["Vriendelijke herinnering"]


def _version_of(world, channel):
    template = MessageTemplate.objects.get(
        corporation=world.corporation,
        code="herinnering-vriendelijk",
        channel=channel,
        language="nl",
        tone="u",
    )
    return template, template.current_version


@pytest.fixture
def versions_world(steps_world):
    """The steps world's messages with versions: e-mail version 1 for the dossier paid after 5 days, version
    2 for the one paid after 20; both letters (2 pages and 1 page) version 1; the SMS was sent before texts
    had versions."""
    world, _first, _second = steps_world
    with world.scope():
        email, email_1 = _version_of(world, "email")
        _letter, letter_1 = _version_of(world, "letter")
        template_update(
            template=email, subject=email.subject, body_text="Beste {{ naam }}, nieuw.", actor=UserFactory()
        )
        email.refresh_from_db()
        by_channel = {
            (m.step_run_id, m.channel): m.pk
            for m in OutgoingMessage.objects.filter(corporation=world.corporation)
        }
        paid_fast, paid_late, _arranged, recent = sorted({run for run, _channel in by_channel})
        OutgoingMessage.objects.filter(pk=by_channel[paid_fast, "email"]).update(template_version=email_1)
        OutgoingMessage.objects.filter(pk=by_channel[paid_late, "email"]).update(
            template_version=email.current_version
        )
        OutgoingMessage.objects.filter(
            pk__in=[by_channel[paid_fast, "letter"], by_channel[recent, "letter"]]
        ).update(template_version=letter_1)
    return world, email, by_channel[paid_late, "email"]


def test_per_template_version_each_text_that_went_out_has_its_own_figures(
    versions_world, django_assert_num_queries
):
    world, email, paid_late_email = versions_world
    with world.scope():
        # The versions' names, the prices, the steps' total and the messages' groups (PostgreSQL also turns
        # its JIT off and on again), whatever the number of versions and messages.
        queries = 4 + (2 if sql.is_postgres() else 0)
        with django_assert_num_queries(queries):
            result = _report(world, "template_version")
    saved = f"{clock.today():%d-%m-%Y}"
    rows = {row["label"]: row for row in result.rows}
    assert list(rows) == [
        f"Vriendelijke herinnering, Brief — versie 1 ({saved})",
        f"Vriendelijke herinnering, E-mail — versie 1 ({saved})",
        f"Vriendelijke herinnering, E-mail — versie 2 ({saved})",
        "(niet ingevuld)",
    ]
    letter_row, email_one, email_two, unversioned = rows.values()
    # Letters: two steps reached, one paid within 7 days of the only step old enough; 0.96 + 2 x 0.05 and
    # 0.96 + 1 x 0.05.
    assert (letter_row["reached"], letter_row["paid"], letter_row["paid_7_share"]) == (
        2,
        1,
        Decimal("100.00"),
    )
    assert (letter_row["collected"], letter_row["cost"]) == (Decimal("500.00"), Decimal("2.07"))
    assert (email_one["reached"], email_one["paid_7_share"], email_one["collected"]) == (
        1,
        Decimal("100.00"),
        Decimal("500.00"),
    )
    assert (email_two["paid_7_share"], email_two["paid_14_share"], email_two["paid_30_share"]) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("100.00"),
    )
    assert (email_two["collected"], email_two["cost"]) == (Decimal("300.00"), Decimal("0.00"))
    assert (unversioned["reached"], unversioned["arrangement"], unversioned["cost"]) == (
        1,
        1,
        Decimal("0.14"),
    )
    # The cost adds up to the total; the steps are counted once in the total.
    assert sum(row["cost"] for row in result.rows) == result.totals["cost"] == Decimal("2.21")
    assert result.totals["reached"] == 4
    with world.scope():
        template_update(
            template=email, subject=email.subject, body_text="Beste {{ naam }}, drie.", actor=UserFactory()
        )
        OutgoingMessage.objects.filter(pk=paid_late_email).update(template_version=email.current_version)
        with django_assert_num_queries(queries):
            again = _report(world, "template_version")
    assert [row["label"] for row in again.rows][1:3] == [
        f"Vriendelijke herinnering, E-mail — versie 1 ({saved})",
        f"Vriendelijke herinnering, E-mail — versie 3 ({saved})",
    ]


def test_per_template_version_on_the_page_in_the_api_the_command_and_the_exports(versions_world, tmp_path):
    world, _email, _paid_late_email = versions_world
    saved = f"{clock.today():%d-%m-%Y}"
    label = f"Vriendelijke herinnering, E-mail — versie 2 ({saved})"
    since = (clock.today() - dt.timedelta(days=60)).isoformat()
    listed = json.loads(_command("--list").strip().splitlines()[-1])
    assert (
        "template_version" in next(r for r in listed["reports"] if r["name"] == "effectiveness")["dimensions"]
    )
    printed = _command(
        "effectiveness",
        "--corporation",
        world.corporation.slug,
        "--by",
        "template_version",
        "--from",
        since,
        "--format",
        "json",
    )
    data = json.loads(printed.strip().splitlines()[-1])
    row = next(row for row in data["rows"] if row["label"] == label)
    assert (row["reached"], row["paid_30_share"], row["collected"]) == (1, "100.00", "300.00")
    assert data["totals"]["cost"] == "2.21"

    _key, secret = api_key_create(corporation=world.corporation, name="BI", actor="test")
    api = Client()
    url = f"/api/v1/reports/effectiveness?by=template_version&period_from={since}"
    answer = api.get(url, headers={"Authorization": f"Bearer {secret}"}).json()
    assert [row["label"] for row in answer["rows"]] == [row["label"] for row in data["rows"]]
    csv_text = api.get(f"{url}&format=csv", headers={"Authorization": f"Bearer {secret}"}).content.decode()
    assert label in csv_text and "Sjabloonversie" in csv_text

    path = tmp_path / "versions.xlsx"
    _command(
        "effectiveness",
        "--corporation",
        world.corporation.slug,
        "--by",
        "template_version",
        "--from",
        since,
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    cells = [row[0] for row in load_workbook(path).active.iter_rows(values_only=True)]
    assert cells[0] == "Sjabloonversie" and label in cells and cells[-1] == "Totaal"

    staff = Client()
    staff.force_login(MembershipFactory(corporation=world.corporation, role=Role.MANAGER).user)
    page = staff.get("/rapporten/effectiveness/", {"by": "template_version", "period_from": since})
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert page.status_code == 200
    assert label in text and "Sjabloonversie" in text


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()
