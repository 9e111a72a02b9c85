"""Moving running dossiers onto a flow's newest timeline (flows.services.enrollments_move_to_version)."""

import datetime as dt

import pytest

from tests.flows.builders import corporation_with_flow, in_arrears, pay, step
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry
from vangnet.daily.services import run_day
from vangnet.flows.models import Enrollment, EnrollmentEvent, EnrollmentStatus, EventKind, Flow
from vangnet.flows.services import enrollments_move_to_version, flow_version_create

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 2)
NEW_TIMELINE = [step(3, "Eerste"), step(10, "Tweede"), step(15, "Derde"), step(30, "Vierde")]


def test_running_dossiers_continue_at_the_first_new_step_on_or_after_the_day_they_were_at():
    corporation, flow = corporation_with_flow()  # steps on day 5, 12, 19, 26 and 45
    first = flow.current_version
    ahead = in_arrears(corporation, due=DUE, as_of=DUE + dt.timedelta(days=5))
    run_day(corporation=corporation, as_of=DUE + dt.timedelta(days=5))
    behind = in_arrears(corporation, due=DUE + dt.timedelta(days=7), as_of=DUE + dt.timedelta(days=12))
    paid = in_arrears(corporation, due=DUE + dt.timedelta(days=7), as_of=DUE + dt.timedelta(days=12))
    run_day(corporation=corporation, as_of=DUE + dt.timedelta(days=12))
    pay(paid, Enrollment.objects.get(contract=paid).entry_amount, DUE + dt.timedelta(days=13))
    run_day(corporation=corporation, as_of=DUE + dt.timedelta(days=13))
    assert Enrollment.objects.get(contract=ahead).next_step.day_offset == 19
    assert Enrollment.objects.get(contract=behind).next_step.day_offset == 12
    assert Enrollment.objects.get(contract=paid).status == EnrollmentStatus.CLOSED

    newest = flow_version_create(flow=flow, steps=NEW_TIMELINE, note="korter", actor="test")
    moved = enrollments_move_to_version(flow=flow, as_of=DUE + dt.timedelta(days=14), actor="test")

    assert moved == 2
    ahead_now = Enrollment.objects.get(contract=ahead)
    behind_now = Enrollment.objects.get(contract=behind)
    assert (ahead_now.version, ahead_now.next_step.name) == (newest, "Vierde")
    assert (behind_now.version, behind_now.next_step.name) == (newest, "Derde")
    assert Enrollment.objects.get(contract=paid).version == first  # a closed dossier keeps its history
    events = EnrollmentEvent.objects.filter(kind=EventKind.MOVED).order_by("enrollment_id")
    assert [(e.enrollment_id, e.on, e.reason) for e in events] == [
        (ahead_now.pk, DUE + dt.timedelta(days=14), "Verplaatst naar versie 2."),
        (behind_now.pk, DUE + dt.timedelta(days=14), "Verplaatst naar versie 2."),
    ]
    entry = AuditEntry.objects.get(action="flows.enrollments_moved")
    assert entry.data == {"version": 2, "count": 2}


def test_a_dossier_past_the_last_new_step_has_no_next_step_and_moving_twice_moves_nothing():
    corporation, flow = corporation_with_flow()
    late = in_arrears(corporation, due=DUE, as_of=DUE + dt.timedelta(days=5))
    for offset in (5, 12, 19):
        run_day(corporation=corporation, as_of=DUE + dt.timedelta(days=offset))
    assert Enrollment.objects.get(contract=late).next_step.day_offset == 26

    newest = flow_version_create(flow=flow, steps=NEW_TIMELINE[:2], note="kort", actor="test")

    assert enrollments_move_to_version(flow=flow, as_of=DUE + dt.timedelta(days=20), actor="test") == 1
    enrollment = Enrollment.objects.get(contract=late)
    assert (enrollment.version, enrollment.next_step) == (newest, None)
    assert enrollments_move_to_version(flow=flow, as_of=DUE + dt.timedelta(days=20), actor="test") == 0


def test_a_flow_without_a_version_is_refused():
    corporation, _flow = corporation_with_flow()
    bare = Flow.objects.create(corporation=corporation, code="leeg", name="Leeg", send_time=dt.time(10))

    with pytest.raises(ApplicationError, match="Dit traject heeft nog geen versie"):
        enrollments_move_to_version(flow=bare, as_of=DUE, actor="test")
