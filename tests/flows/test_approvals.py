"""Four eyes on a flow's timeline (flows.approvals): a proposal applies only once a second colleague approves."""

import datetime as dt

import pytest

from tests.flows.builders import corporation_with_flow, in_arrears, step
from tests.world import staff_member
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry, Role
from vangnet.daily.services import run_day
from vangnet.flows.approvals import (
    flow_version_approve,
    flow_version_propose,
    flow_version_reject,
    timeline_changes,
)
from vangnet.flows.models import Enrollment, FlowVersion, VersionStatus

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 2)
NEW_TIMELINE = [step(3, "Eerste"), step(10, "Tweede")]


def _colleagues(corporation):
    author = staff_member(corporation, username="cm-auteur", role=Role.CREDIT_MANAGER, signed_in=False)
    manager = staff_member(corporation, username="manager-2", role=Role.MANAGER, signed_in=False)
    return author.user, manager.user


def test_a_proposal_changes_nothing_until_a_second_colleague_approves_it():
    corporation, flow = corporation_with_flow()  # steps on day 5, 12, 19, 26 and 45
    first = flow.current_version
    author, manager = _colleagues(corporation)

    proposal = flow_version_propose(flow=flow, steps=NEW_TIMELINE, note="Eerder", actor=author)

    flow.refresh_from_db()
    assert proposal.status == VersionStatus.PROPOSED and flow.current_version == first
    # Tonight's run enrolls a new dossier on the last approved version, not on the proposal.
    waiting = in_arrears(corporation, due=DUE, as_of=DUE + dt.timedelta(days=5))
    run_day(corporation=corporation, as_of=DUE + dt.timedelta(days=5))
    assert Enrollment.objects.get(contract=waiting).version == first

    approved = flow_version_approve(version=proposal, actor=manager)

    flow.refresh_from_db()
    assert flow.current_version == approved and approved.status == VersionStatus.APPROVED
    assert approved.decided_by == "manager-2"
    later = in_arrears(corporation, due=DUE + dt.timedelta(days=7), as_of=DUE + dt.timedelta(days=10))
    run_day(corporation=corporation, as_of=DUE + dt.timedelta(days=10))
    assert Enrollment.objects.get(contract=later).version == approved
    assert Enrollment.objects.get(contract=waiting).version == first  # running dossiers keep theirs
    actions = list(
        AuditEntry.objects.filter(action__startswith="flows.version_", actor__in=[author, manager])
        .order_by("pk")
        .values_list("action", "actor__username", "data")
    )
    assert actions == [
        ("flows.version_proposed", "cm-auteur", {"version": 2, "note": "Eerder"}),
        ("flows.version_approved", "manager-2", {"version": 2, "author": "cm-auteur"}),
    ]


def test_the_author_cannot_approve_their_own_proposal_and_a_decided_one_is_not_decided_again():
    corporation, flow = corporation_with_flow()
    first = flow.current_version
    _, manager = _colleagues(corporation)
    proposal = flow_version_propose(flow=flow, steps=NEW_TIMELINE, note="Eigen", actor=manager)

    with pytest.raises(ApplicationError, match="zelf gemaakt"):
        flow_version_approve(version=proposal, actor=manager)

    flow.refresh_from_db()
    assert flow.current_version == first
    assert FlowVersion.objects.get(pk=proposal.pk).status == VersionStatus.PROPOSED
    withdrawn = flow_version_reject(version=proposal, actor=manager, reason="")
    assert withdrawn.status == VersionStatus.REJECTED
    assert AuditEntry.objects.filter(action="flows.version_withdrawn", actor=manager).exists()
    other = staff_member(corporation, username="manager-3", role=Role.MANAGER, signed_in=False).user
    with pytest.raises(ApplicationError, match="al besloten"):
        flow_version_approve(version=proposal, actor=other)
    flow.refresh_from_db()
    assert flow.current_version == first


def test_a_rejection_needs_a_reason_and_one_proposal_waits_at_a_time():
    corporation, flow = corporation_with_flow()
    author, manager = _colleagues(corporation)
    proposal = flow_version_propose(flow=flow, steps=NEW_TIMELINE, note="Eerder", actor=author)

    with pytest.raises(ApplicationError, match="Er wacht al een voorstel"):
        flow_version_propose(flow=flow, steps=NEW_TIMELINE, note="Nog een", actor=manager)
    with pytest.raises(ApplicationError, match="waarom"):
        flow_version_reject(version=proposal, actor=manager, reason="  ")

    rejected = flow_version_reject(version=proposal, actor=manager, reason="Dag 3 is te vroeg")
    assert (rejected.status, rejected.decision_note) == (VersionStatus.REJECTED, "Dag 3 is te vroeg")
    assert FlowVersion.objects.filter(flow=flow).count() == 2
    # Once decided, a new proposal may be made.
    assert flow_version_propose(flow=flow, steps=NEW_TIMELINE, note="Dag 4", actor=author).number == 3


def test_the_changes_are_named_step_by_step_in_words():
    corporation, flow = corporation_with_flow()  # steps on day 5, 12, 19, 26 and 45
    author, _ = _colleagues(corporation)
    current = list(flow.current_version.steps.order_by("position"))
    steps = [
        step(3, current[0].name),
        step(12, current[1].name, channels=("sms",)),
        step(30, "Extra belronde"),
    ]
    proposal = flow_version_propose(flow=flow, steps=steps, note="Korter", actor=author)

    changes = timeline_changes(flow.current_version, proposal)

    by_name = {change.name: change for change in changes}
    assert by_name[current[0].name].kind == "changed"
    assert by_name[current[0].name].details == ("dag: 5 → 3",)
    assert current[1].name not in by_name  # unchanged
    assert by_name["Extra belronde"].kind == "added"
    assert {c.name for c in changes if c.kind == "removed"} == {s.name for s in current[2:]}
    text = repr(changes)
    assert "oldest_due" not in text and "message" not in text  # words, not codes
