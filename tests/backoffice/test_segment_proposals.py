"""Four eyes on the segments: a credit manager proposes, a manager who is not the author approves (with the
count of contracts that change segment) or rejects with a reason; only approved segments classify."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.flows.builders import in_arrears
from tests.world import staff_member
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry, Role
from vangnet.daily.services import run_day
from vangnet.flows.models import ContractSegment, Segment, SegmentProposal, VersionStatus
from vangnet.flows.segment_approvals import (
    segment_change_approve,
    segment_change_propose,
    segment_change_reject,
)
from vangnet.flows.segment_moves import segment_moves
from vangnet.flows.services import flows_install_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(staff_a):
    """The default segments and three contracts in arrears (€ 100, € 500 and € 900), classified today."""
    corporation = staff_a.corporation
    flows_install_defaults(corporation=corporation, actor="test")
    today = clock.today()
    contracts = [
        in_arrears(corporation, due=today - dt.timedelta(days=20), as_of=today, amount=Decimal(amount))
        for amount in ("100.00", "500.00", "900.00")
    ]
    run_day(corporation=corporation, as_of=today, dry_run=True)
    run_day(corporation=corporation, as_of=today)
    return contracts


def _business(corporation) -> Segment:
    return Segment.objects.get(corporation=corporation, name="Zakelijke huurder")


def _propose_large_debts_as_business(corporation, actor) -> SegmentProposal:
    segment = _business(corporation)
    return segment_change_propose(
        corporation=corporation,
        segment=segment,
        name=segment.name,
        description=segment.description,
        match="all",
        conditions=[{"field": "overdue_amount", "op": "gte", "value": "400"}],
        flow=segment.flow,
        active=True,
        note="Grote schulden zakelijk behandelen",
        actor=actor,
    )


def test_the_count_of_contracts_that_would_move_is_what_the_night_then_moves(
    staff_a, portfolio, django_assert_num_queries
):
    corporation = staff_a.corporation
    before = dict(ContractSegment.objects.filter(corporation=corporation).values_list("contract", "segment"))
    proposal = _propose_large_debts_as_business(corporation, staff_a.user)

    with django_assert_num_queries(2):  # the segments, and both classifications grouped in one query
        moves = segment_moves(corporation=corporation, proposal=proposal, as_of=clock.today())

    # Proposed only: the segment and tonight's classification are unchanged.
    assert _business(corporation).conditions == [
        {"field": "debtor_kind", "op": "eq", "value": "organisation"}
    ]
    run_day(corporation=corporation, as_of=clock.today())
    assert (
        dict(ContractSegment.objects.filter(corporation=corporation).values_list("contract", "segment"))
        == before
    )

    manager = staff_member(corporation, username="marieke", role=Role.MANAGER, signed_in=False)
    approved = segment_change_approve(proposal=proposal, actor=manager.user)
    run_day(corporation=corporation, as_of=clock.today())

    after = dict(ContractSegment.objects.filter(corporation=corporation).values_list("contract", "segment"))
    changed = [pk for pk in after if after[pk] != before.get(pk)]
    assert moves.total == 2
    assert len(changed) == moves.total
    assert approved.moved == 2 and approved.status == VersionStatus.APPROVED
    assert {after[c.pk] for c in portfolio[1:]} == {_business(corporation).pk}
    entry = AuditEntry.objects.get(action="flows.segment_approved")
    assert entry.actor_label == "marieke" and entry.data["moved"] == 2


def test_the_author_cannot_approve_and_a_rejection_needs_a_reason(staff_a, portfolio):
    corporation = staff_a.corporation
    proposal = _propose_large_debts_as_business(corporation, staff_a.user)
    manager = staff_member(corporation, username="marieke", role=Role.MANAGER, signed_in=False)

    with pytest.raises(ApplicationError, match="zelf gemaakt"):
        segment_change_approve(proposal=proposal, actor=staff_a.user)
    with pytest.raises(ApplicationError, match="waarom u het voorstel afwijst"):
        segment_change_reject(proposal=proposal, actor=manager.user, reason=" ")
    with pytest.raises(ApplicationError, match="wacht al een voorstel"):
        _propose_large_debts_as_business(corporation, staff_a.user)

    rejected = segment_change_reject(proposal=proposal, actor=manager.user, reason="Te grof")

    assert rejected.status == VersionStatus.REJECTED and rejected.decision_note == "Te grof"
    assert _business(corporation).conditions[0]["field"] == "debtor_kind"
    with pytest.raises(ApplicationError, match="al besloten"):
        segment_change_approve(proposal=proposal, actor=manager.user)


def test_a_manager_sees_the_change_in_words_and_the_count_and_approves(staff_a, portfolio):
    corporation = staff_a.corporation
    segment = _business(corporation)
    data = {
        "name": segment.name,
        "description": segment.description,
        "match": "all",
        "flow": str(segment.flow_id),
        "active": "on",
        "note": "Grote schulden zakelijk",
        "voorwaarde-TOTAL_FORMS": "1",
        "voorwaarde-INITIAL_FORMS": "0",
        "voorwaarde-0-field": "overdue_amount",
        "voorwaarde-0-op": "gte",
        "voorwaarde-0-value": "400",
    }
    proposed = staff_a.client.post(f"/segmenten/{segment.pk}/", data)
    assert proposed.status_code == 302
    own = staff_a.client.get(proposed["Location"]).content.decode()
    assert "Goedkeuren" not in own and "Voorstel intrekken" in own

    manager = staff_member(corporation, username="marieke", role=Role.MANAGER)
    page = manager.client.get(proposed["Location"]).content.decode()
    assert "→ Achterstand (€) minstens 400" in page
    assert "komen 2 contracten in een ander segment" in page
    moves = segment_moves(
        corporation=corporation, proposal=SegmentProposal.objects.get(), as_of=clock.today()
    )
    for move in moves.moves:  # from where to where, by name
        assert f"<td>{move.source}</td><td>{move.target}</td>" in page
    assert "Zakelijke huurder" in {move.target for move in moves.moves}
    assert "Grote schulden zakelijk" in page
    listed = manager.client.get("/trajecten/").content.decode()
    assert "Segment Zakelijke huurder wijzigen" in listed

    decided = manager.client.post(f"{proposed['Location']}besluit/", {"besluit": "goedkeuren"})

    assert decided.status_code == 302
    after = manager.client.get(proposed["Location"]).content.decode()
    assert "Goedgekeurd door marieke" in after
    assert "Daarmee kwamen 2 contracten in een ander segment." in after
    assert _business(corporation).conditions == [{"field": "overdue_amount", "op": "gte", "value": "400"}]


def test_a_credit_manager_cannot_approve_a_colleagues_proposal(staff_a, portfolio):
    proposal = _propose_large_debts_as_business(staff_a.corporation, staff_a.user)
    colleague = staff_member(staff_a.corporation, username="kees", role=Role.CREDIT_MANAGER)

    response = colleague.client.post(
        f"/segmenten/voorstellen/{proposal.pk}/besluit/", {"besluit": "goedkeuren"}
    )

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == VersionStatus.PROPOSED


def test_another_corporation_does_not_see_a_proposal(staff_a, staff_b, portfolio):
    proposal = _propose_large_debts_as_business(staff_a.corporation, staff_a.user)
    assert staff_b.client.get(f"/segmenten/voorstellen/{proposal.pk}/").status_code == 404
