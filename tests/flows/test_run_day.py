import datetime as dt
from decimal import Decimal

import pytest

from tests.flows.builders import corporation_with_flow, in_arrears, pay, step
from vangnet.daily.services import run_day
from vangnet.flows.bookings import enrollments_reevaluate
from vangnet.flows.models import (
    CloseReason,
    Enrollment,
    EnrollmentEvent,
    EnrollmentStatus,
    StepOutcome,
    StepRun,
)
from vangnet.tasks.models import Task, TaskKind

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 2)  # a Monday
DAY_5 = DUE + dt.timedelta(days=5)  # Saturday: email may go out


def test_arrears_enter_the_flow_and_the_first_step_plans_an_email():
    corporation, flow = corporation_with_flow()
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)

    report = run_day(corporation=corporation, as_of=DAY_5)

    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert enrollment.version == flow.current_version
    assert enrollment.oldest_due_on == DUE
    run = StepRun.objects.get(enrollment=enrollment)
    assert run.step.name == "Herinnering"
    assert run.outcome == StepOutcome.DONE
    assert [d["channel"] for d in run.deliveries] == ["email"]
    assert run.deliveries[0]["address"].endswith("@huurder.example")
    assert run.amount == Decimal("700.00")
    assert "dag 5 na de vervaldatum van 02-11-2026" in run.reason
    assert enrollment.next_step.name == "SMS"
    assert report.enrolled == 1
    assert report.messages_planned == 1
    assert EnrollmentEvent.objects.filter(enrollment=enrollment, kind="entered").count() == 1


def test_running_the_same_day_twice_creates_nothing_twice():
    corporation, _ = corporation_with_flow()
    in_arrears(corporation, due=DUE, as_of=DAY_5)
    run_day(corporation=corporation, as_of=DAY_5)

    again = run_day(corporation=corporation, as_of=DAY_5)

    assert again.enrolled == 0
    assert again.messages_planned == 0
    assert StepRun.objects.count() == 1
    assert Enrollment.objects.count() == 1
    assert EnrollmentEvent.objects.count() == 1


def test_missed_days_do_what_is_due_once():
    corporation, _ = corporation_with_flow()
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    run_day(corporation=corporation, as_of=DAY_5)

    # Nobody ran the flows for two weeks: the SMS (day 12) and the call (day 19) are both due on day 20.
    day_20 = DUE + dt.timedelta(days=20)
    report = run_day(corporation=corporation, as_of=day_20)

    runs = {run.step.name: run for run in StepRun.objects.filter(enrollment__contract=contract)}
    assert runs["SMS"].outcome == StepOutcome.SKIPPED
    assert "Ingehaald" in runs["SMS"].reason
    assert runs["Bellen"].outcome == StepOutcome.DONE
    assert Task.objects.get(contract=contract).kind == TaskKind.CALL
    assert report.messages_planned == 0
    assert report.tasks_created == 1


def test_old_arrears_start_at_the_first_step_not_at_a_later_one():
    corporation, _ = corporation_with_flow()
    contract = in_arrears(corporation, due=DUE - dt.timedelta(days=60), as_of=DAY_5)

    run_day(corporation=corporation, as_of=DAY_5)

    enrollment = Enrollment.objects.get(contract=contract)
    assert [run.step.name for run in enrollment.step_runs.all()] == ["Herinnering"]
    assert enrollment.anchor_date == DAY_5 - dt.timedelta(days=5)
    assert "oudste vervaldatum 03-09-2026" in enrollment.step_runs.get().reason
    # The next step follows the normal rhythm from there: not tomorrow.
    run_day(corporation=corporation, as_of=DAY_5 + dt.timedelta(days=1))
    assert enrollment.step_runs.count() == 1


def test_a_payment_closes_the_enrollment_at_once_and_the_run_plans_nothing():
    corporation, _ = corporation_with_flow()
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    run_day(corporation=corporation, as_of=DAY_5)
    pay(contract, Decimal("700.00"), DUE + dt.timedelta(days=8))

    closed = enrollments_reevaluate(
        corporation=corporation, contract_ids=[contract.pk], as_of=DUE + dt.timedelta(days=8), actor="test"
    )

    enrollment = Enrollment.objects.get(contract=contract)
    assert closed == 1
    assert enrollment.status == EnrollmentStatus.CLOSED
    assert enrollment.close_reason == CloseReason.PAID
    report = run_day(corporation=corporation, as_of=DUE + dt.timedelta(days=12))
    assert report.messages_planned == 0
    assert report.enrolled == 0


def test_a_run_closes_paid_enrollments_too():
    corporation, _ = corporation_with_flow()
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    run_day(corporation=corporation, as_of=DAY_5)
    pay(contract, Decimal("700.00"), DUE + dt.timedelta(days=8))

    report = run_day(corporation=corporation, as_of=DUE + dt.timedelta(days=12))

    assert report.closed == {"paid": 1}
    assert Enrollment.objects.get(contract=contract).status == EnrollmentStatus.CLOSED


def test_small_arrears_and_fresh_arrears_do_not_enter():
    corporation, _ = corporation_with_flow()
    in_arrears(corporation, due=DUE, as_of=DAY_5, amount=Decimal("4.00"))
    in_arrears(corporation, due=DAY_5 - dt.timedelta(days=1), as_of=DAY_5)

    report = run_day(corporation=corporation, as_of=DAY_5)

    assert report.enrolled == 0


def test_sunday_sends_nothing_and_monday_catches_up():
    corporation, _ = corporation_with_flow()
    in_arrears(corporation, due=DUE, as_of=DAY_5)
    sunday = DAY_5 + dt.timedelta(days=1)

    report = run_day(corporation=corporation, as_of=sunday)

    assert report.enrolled == 1
    assert report.messages_planned == 0
    assert report.steps[0].wait_reason.startswith("Geen verzenddag")
    monday = run_day(corporation=corporation, as_of=sunday + dt.timedelta(days=1))
    assert monday.messages_planned == 1


def test_min_amount_condition_skips_with_its_reason():
    corporation, _ = corporation_with_flow([step(5, "Herinnering", min_amount="1000")])
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)

    run_day(corporation=corporation, as_of=DAY_5)

    run = StepRun.objects.get(enrollment__contract=contract)
    assert run.outcome == StepOutcome.SKIPPED
    assert "lager dan het minimum" in run.reason


def test_the_end_of_a_flow_closes_the_enrollment_and_the_same_arrears_do_not_start_again():
    corporation, _ = corporation_with_flow([step(5, "Herinnering"), step(6, "Einde", action="end")])
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    run_day(corporation=corporation, as_of=DAY_5)

    report = run_day(corporation=corporation, as_of=DAY_5 + dt.timedelta(days=2))

    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.close_reason == CloseReason.END_STEP
    assert report.closed == {"end_step": 1}
    later = run_day(corporation=corporation, as_of=DAY_5 + dt.timedelta(days=3))
    assert later.enrolled == 0


def test_two_corporations_never_touch_each_other():
    corporation_a, _ = corporation_with_flow()
    corporation_b, _ = corporation_with_flow()
    in_arrears(corporation_a, due=DUE, as_of=DAY_5)
    contract_b = in_arrears(corporation_b, due=DUE, as_of=DAY_5)

    run_day(corporation=corporation_a, as_of=DAY_5)

    assert not Enrollment.objects.filter(contract=contract_b).exists()
    assert Enrollment.objects.filter(corporation=corporation_a).count() == 1
