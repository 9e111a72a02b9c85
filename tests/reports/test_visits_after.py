"""The channels report counts sent messages followed by a portal visit of the same tenant: on the day the
message was sent or in the 7 days after it."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.world import build_world
from vangnet.core import clock
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.outbox import manual_batch_get
from vangnet.reports.base import Query
from vangnet.reports.exports import report_csv
from vangnet.reports.registry import report_named
from vangnet.tenants.models import PortalVisit


def _message(world, channel: str, tenant, sent_on: dt.date, status=MessageStatus.SENT) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        corporation=world.corporation,
        batch=manual_batch_get(corporation=world.corporation, day=clock.today()),
        tenant=tenant,
        channel=channel,
        recipient="tenant",
        template_code="herinnering-vriendelijk",
        status=status,
        sent_at=timezone.make_aware(dt.datetime.combine(sent_on, dt.time(9, 0))),
    )


def _visit(world, tenant, day: dt.date) -> None:
    PortalVisit.objects.create(corporation=world.corporation, tenant=tenant, day=day)


@pytest.fixture
def visited(db):
    world = build_world(messaging=True, tenants=4)
    with world.scope():
        sent_on = dt.date(2026, 3, 2)
        first, second, third, fourth = (household.tenant for household in world.households)
        _message(world, "email", first, sent_on)
        _visit(world, first, sent_on + dt.timedelta(days=3))  # counts
        _message(world, "email", second, sent_on)
        _visit(world, second, sent_on + dt.timedelta(days=9))  # too late
        _visit(world, second, sent_on - dt.timedelta(days=1))  # before the message
        _message(world, "sms", third, sent_on)
        _visit(world, fourth, sent_on + dt.timedelta(days=1))  # another tenant's visit
        # Not sent (failed): a visit after it does not make it count.
        _message(world, "sms", fourth, sent_on, status=MessageStatus.FAILED)
        yield world


def test_a_visit_within_seven_days_of_the_same_tenant_counts(visited, django_assert_num_queries):
    world = visited
    today = clock.today()
    query = Query(
        corporation=world.corporation, as_of=today, by="channel", period_start=today - dt.timedelta(days=7)
    )
    with world.scope(), django_assert_num_queries(1):
        result = report_named("channels").compute(query)
    rows = {row["label"]: row for row in result.rows}
    assert (rows["E-mail"]["sent"], rows["E-mail"]["visits_after"]) == (2, 1)
    assert rows["E-mail"]["visits_after_share"] == Decimal("50.00")
    assert (rows["SMS"]["sent"], rows["SMS"]["visits_after"]) == (1, 0)
    assert (result.totals["sent"], result.totals["visits_after"]) == (3, 1)
    assert result.totals["visits_after_share"] == Decimal("33.33")


def test_the_command_prints_the_visits_after_a_message(visited):
    out = io.StringIO()
    call_command(
        "report", "channels", "--corporation", visited.corporation.slug, "--by", "template", stdout=out
    )
    data = json.loads(out.getvalue().strip().splitlines()[-1])
    row = next(row for row in data["rows"] if row["key"] == "herinnering-vriendelijk")
    assert (row["sent"], row["visits_after"]) == (3, 1)
    assert data["totals"]["visits_after"] == 1


def test_the_csv_has_the_visits_after_columns(visited):
    world = visited
    today = clock.today()
    query = Query(
        corporation=world.corporation, as_of=today, by="total", period_start=today - dt.timedelta(days=7)
    )
    with world.scope():
        lines = report_csv(report_named("channels").compute(query)).decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    total = lines[-1].split(";")
    assert total[header.index("Daarna in het portaal")] == "1"
