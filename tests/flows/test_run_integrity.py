import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.flows.builders import corporation_with_flow, in_arrears
from vangnet.core.models import AuditEntry
from vangnet.daily.services import run_day
from vangnet.flows.engine import run as engine
from vangnet.flows.models import Enrollment, EnrollmentEvent, Hold, StepRun
from vangnet.tasks.models import Task

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 2)
DAY_20 = DUE + dt.timedelta(days=20)


def _world(size: int, corporation=None):
    if corporation is None:
        corporation, _ = corporation_with_flow()
    for n in range(size):
        tenant = {
            "administrator_name": "Bewind BV",
            "administrator_address": "Postbus 1",
            "administrator_since": DUE,
        }
        in_arrears(
            corporation,
            due=DUE - dt.timedelta(days=n % 3),
            as_of=DAY_20,
            tenant_kwargs=tenant if n % 4 == 0 else {"no_email": n % 4 == 1},
        )
    return corporation


def _state():
    return (
        sorted(Enrollment.objects.values_list("contract_id", "status", "next_step_id")),
        sorted(StepRun.objects.values_list("enrollment__contract_id", "step_id", "outcome")),
        Task.objects.count(),
        EnrollmentEvent.objects.count(),
        Hold.objects.count(),
    )


def test_a_dry_run_shows_the_plan_and_writes_nothing():
    corporation = _world(6)
    audit_before = AuditEntry.objects.count()

    dry = run_day(corporation=corporation, as_of=DAY_20, dry_run=True)

    assert not Enrollment.objects.exists() and not StepRun.objects.exists() and not Task.objects.exists()
    assert AuditEntry.objects.count() == audit_before
    real = run_day(corporation=corporation, as_of=DAY_20)
    assert (dry.enrolled, dry.messages_planned, dry.tasks_created) == (
        real.enrolled,
        real.messages_planned,
        real.tasks_created,
    )
    assert dry.deliveries_by_channel() == real.deliveries_by_channel()


@pytest.mark.parametrize("failing_phase", ["enroll", "holds", "advance"])
def test_a_crash_between_phases_and_a_rerun_do_everything_once(monkeypatch, failing_phase):
    reference = _world(5)
    run_day(corporation=reference, as_of=DAY_20)
    expected_runs = StepRun.objects.filter(corporation=reference).count()
    expected_tasks = Task.objects.filter(corporation=reference).count()

    corporation = _world(5)
    original = list(engine.PHASES)

    def crash(ctx):
        raise RuntimeError("the machine went down")

    index = [name for name, _ in original].index(failing_phase)
    monkeypatch.setattr(engine, "PHASES", [*original[: index + 1], ("crash", crash), *original[index + 1 :]])
    with pytest.raises(RuntimeError, match="the machine went down"):
        run_day(corporation=corporation, as_of=DAY_20)
    monkeypatch.setattr(engine, "PHASES", original)

    run_day(corporation=corporation, as_of=DAY_20)
    run_day(corporation=corporation, as_of=DAY_20)

    assert StepRun.objects.filter(corporation=corporation).count() == expected_runs
    assert Task.objects.filter(corporation=corporation).count() == expected_tasks
    assert Enrollment.objects.filter(corporation=corporation).count() == 5


def _queries(size: int) -> int:
    corporation = _world(size)
    with CaptureQueriesContext(connection) as captured:
        run_day(corporation=corporation, as_of=DAY_20)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_portfolio():
    small, large = _queries(4), _queries(24)
    assert small == large
    # Every step of the flow's version is visited whether anyone is due or not: a fixed cost per step.
    assert large < 120


def test_the_command_prints_the_plan_as_json_and_refuses_a_bad_date():
    corporation = _world(2)
    out = io.StringIO()

    call_command(
        "run_day",
        "--corporation",
        corporation.slug,
        "--as-of",
        DAY_20.isoformat(),
        "--dry-run",
        "--json",
        stdout=out,
    )

    report = json.loads(out.getvalue())
    assert report["dry_run"] is True and report["enrolled"] == 2
    assert not Enrollment.objects.exists()
    with pytest.raises(CommandError, match="not a date"):
        call_command("run_day", "--corporation", corporation.slug, "--as-of", "1-12-2026")
    with pytest.raises(CommandError, match="no corporation"):
        call_command("run_day", "--corporation", "nope")
    out = io.StringIO()
    call_command("run_day", "--corporation", corporation.slug, "--as-of", DAY_20.isoformat(), stdout=out)
    assert "enrolled 2" in out.getvalue()
    assert Enrollment.objects.count() == 2
