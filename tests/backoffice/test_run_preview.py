"""The "Run van vannacht" preview: each total opens to the tenants behind it, and a day with more calls or
visits than the team can do (an administrator's setting) is warned about. Nothing the preview shows is kept."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.flows.builders import DEFAULT_STEPS
from tests.world import build_world, unpaid
from vangnet.core.audit import AuditEntry
from vangnet.core.models import Role
from vangnet.daily.services import run_day
from vangnet.flows.models import CollectionPolicy, StepRun
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 2)
LETTERS_SENT = dt.date(2026, 11, 14)  # the reminder went out
SMS_SENT = dt.date(2026, 11, 21)  # then the SMS
CALL_DAY = dt.date(2026, 11, 28)  # day 19 after the anchor: the flow's call step
NAMES = ["Bakker", "De Vries", "Jansen", "Yilmaz"]


def _world(names=NAMES, slug="woonstad"):
    world = build_world(
        f"Corporatie {slug}",
        slug,
        messaging=True,
        flow=DEFAULT_STEPS,
        staff=f"cm-{slug}",
    )
    for name in names:
        world.add_household(arrears=unpaid(due=DUE, as_of=LETTERS_SENT), tenant={"last_name": name})
    run_day(corporation=world.corporation, as_of=LETTERS_SENT)
    run_day(corporation=world.corporation, as_of=SMS_SENT)
    return world


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_total_opens_to_the_tenants_behind_it_and_nothing_is_kept():
    world = _world()
    runs, tasks = StepRun.objects.count(), Task.objects.count()

    response = world.staff.client.get("/run-van-vannacht/", {"as_of": CALL_DAY.isoformat()})

    assert response.status_code == 200
    page = _text(response.content.decode())
    assert "Wie zit erachter" in page
    # The totals' drill-downs: four calls for four tenants.
    assert "Taken: 4 huurders" in page
    for name in NAMES:
        assert page.count(name) == 2, name  # under "Taken" and under the call step's "Uitgevoerd"
    cards = re.findall(r'href="/huurders/(\d+)/"', response.content.decode())
    assert {int(pk) for pk in cards} == {household.tenant.pk for household in world.households}
    assert "Belgesprekken op deze dag 4" in page
    assert "Huisbezoeken op deze dag 0" in page
    assert "aankan" not in page  # no capacity set: no warning
    assert (StepRun.objects.count(), Task.objects.count()) == (runs, tasks)


def test_a_day_over_the_teams_capacity_is_warned_about():
    world = _world()
    admin = world.add_staff("beheer-woonstad", role=Role.ADMIN)

    # Two visits planned by hand for the day, one done already.
    for household, status in zip(world.households[:2], (TaskStatus.OPEN, TaskStatus.DONE), strict=True):
        Task.objects.create(
            corporation=world.corporation,
            kind=TaskKind.HOUSE_VISIT,
            title="Huisbezoek",
            contract=household.contract,
            tenant=household.tenant,
            due_on=CALL_DAY,
            source=TaskSource.STAFF,
            status=status,
        )

    saved = admin.client.post("/run-van-vannacht/capaciteit/", {"calls_per_day": "3", "visits_per_day": "1"})

    assert saved.status_code == 302
    policy = CollectionPolicy.objects.get(corporation=world.corporation)
    assert (policy.calls_per_day, policy.visits_per_day) == (3, 1)
    assert AuditEntry.objects.filter(action="flows.capacity_changed").count() == 1
    page = _text(
        world.staff.client.get("/run-van-vannacht/", {"as_of": CALL_DAY.isoformat()}).content.decode()
    )
    assert "4 belgesprekken staan op deze dag, meer dan de 3 per dag die het team aankan." in page
    assert "huisbezoek staat op deze dag" not in page  # one open visit: within the one a day
    assert "Belgesprekken op deze dag 4 van 3" in page
    assert "Huisbezoeken op deze dag 1 van 1" in page
    # The day before holds no calls: no warning.
    page = _text(world.staff.client.get("/run-van-vannacht/", {"as_of": "2026-11-27"}).content.decode())
    assert "aankan" not in page


def test_only_an_administrator_sets_the_capacity_and_a_bad_number_changes_nothing():
    world = _world(names=["Bakker"])
    refused = world.staff.client.post("/run-van-vannacht/capaciteit/", {"calls_per_day": "3"})
    assert refused.status_code == 403
    admin = world.add_staff("beheer-woonstad", role=Role.ADMIN)

    response = admin.client.post(
        "/run-van-vannacht/capaciteit/", {"calls_per_day": "0", "visits_per_day": "2"}, follow=True
    )

    page = _text(response.content.decode())
    assert "Belgesprekken per dag: Zorg ervoor dat deze waarde minstens 1 is." in page
    policy = CollectionPolicy.objects.get(corporation=world.corporation)
    assert (policy.calls_per_day, policy.visits_per_day) == (None, None)
    # A credit manager reads the setting, without the form.
    page = _text(world.staff.client.get("/run-van-vannacht/", {"as_of": "2026-11-27"}).content.decode())
    assert "Geen grens voor belgesprekken" in page
    assert "Capaciteit opslaan" not in page


def test_the_drill_down_costs_the_same_queries_for_one_tenant_or_four():
    counts = []
    for slug, names in (("een", ["Bakker"]), ("vier", NAMES)):
        world = _world(names, slug)
        with CaptureQueriesContext(connection) as queries:
            response = world.staff.client.get("/run-van-vannacht/", {"as_of": CALL_DAY.isoformat()})
        assert "Wie zit erachter" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
