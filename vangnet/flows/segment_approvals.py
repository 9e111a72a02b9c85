"""Four eyes on the segments: a colleague proposes a segment (new or changed) or a new order, a second
colleague approves it.

A segment decides which flow a contract in arrears enters, so changing one is as weighty as changing a
flow's timeline (`flows/approvals.py`): the change is saved as a `SegmentProposal` and the `Segment` rows,
the only ones the nightly classification reads, change only when a manager or administrator who is not its
author approves it. The approval counts the contracts that change segment by it (as of that day) and puts
the number in the audit log; a rejection needs a reason; the author may withdraw.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.flows.approvals import is_author, proposal_reject
from vangnet.flows.models import Flow, ProposalKind, Segment, SegmentProposal, VersionStatus
from vangnet.flows.segment_moves import segment_moves
from vangnet.flows.segments import ConditionError, Rule
from vangnet.flows.services import segment_save, segments_reorder


def pending_proposals(corporation: Corporation) -> list[SegmentProposal]:
    return list(
        SegmentProposal.objects.filter(corporation=corporation, status=VersionStatus.PROPOSED)
        .select_related("segment", "flow")
        .order_by("created_at", "pk")
    )


def _refuse_second(corporation: Corporation, segment: Segment | None, kind: str) -> None:
    waiting = SegmentProposal.objects.filter(corporation=corporation, status=VersionStatus.PROPOSED)
    if kind == ProposalKind.ORDER:
        waiting = waiting.filter(kind=ProposalKind.ORDER)
    elif segment is not None:
        waiting = waiting.filter(segment=segment)
    else:
        return
    if waiting.exists():
        raise ApplicationError(
            _(
                "Er wacht al een voorstel hiervoor. Laat een collega dat eerst goedkeuren of afwijzen, "
                "of trek het in."
            )
        )


@transaction.atomic
def segment_change_propose(
    *,
    corporation: Corporation,
    segment: Segment | None,
    name: str,
    description: str,
    match: str,
    conditions: list[dict],
    flow: Flow | None,
    active: bool,
    note: str,
    actor: User,
) -> SegmentProposal:
    """A new segment (`segment` None) or a changed one, waiting for a second colleague."""
    try:
        Rule.parse(conditions, match)
    except ConditionError as error:
        raise ApplicationError(_("Het segment is niet opgeslagen: %(error)s") % {"error": error}) from error
    if flow is not None and flow.corporation_id != corporation.pk:
        raise ApplicationError(_("Dat traject hoort niet bij deze corporatie."))
    if segment is not None and (
        segment.name,
        segment.description,
        segment.match,
        segment.conditions,
        segment.flow_id,
        segment.active,
    ) == (name, description, match, conditions, flow.pk if flow else None, active):
        raise ApplicationError(_("Er is niets veranderd aan dit segment."))
    _refuse_second(corporation, segment, ProposalKind.RULE)
    proposal = SegmentProposal.objects.create(
        corporation=corporation,
        kind=ProposalKind.RULE,
        segment=segment,
        name=name,
        description=description,
        match=match,
        conditions=conditions,
        flow=flow,
        active=active,
        note=note.strip()[:300],
        author=actor,
        created_by=actor.get_username(),
    )
    log_action(
        corporation=corporation,
        actor=actor,
        action="flows.segment_proposed",
        obj=proposal,
        data={"segment": name, "new": segment is None, "note": proposal.note},
    )
    return proposal


@transaction.atomic
def segment_order_propose(
    *, corporation: Corporation, order: Sequence[int], note: str, actor: User
) -> SegmentProposal:
    """A new order of all segments (the first a contract meets wins), waiting for a second colleague."""
    current = list(
        Segment.objects.filter(corporation=corporation).order_by("position").values_list("pk", flat=True)
    )
    if sorted(order) != sorted(current):
        raise ApplicationError(_("Geef de volgorde van alle segmenten."))
    if list(order) == current:
        raise ApplicationError(_("De volgorde is niet veranderd."))
    _refuse_second(corporation, None, ProposalKind.ORDER)
    proposal = SegmentProposal.objects.create(
        corporation=corporation,
        kind=ProposalKind.ORDER,
        order=list(order),
        note=note.strip()[:300],
        author=actor,
        created_by=actor.get_username(),
    )
    log_action(
        corporation=corporation,
        actor=actor,
        action="flows.segment_order_proposed",
        obj=proposal,
        data={"note": proposal.note},
    )
    return proposal


def _locked(proposal: SegmentProposal) -> SegmentProposal:
    locked = SegmentProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != VersionStatus.PROPOSED:
        raise ApplicationError(_("Over dit voorstel is al besloten."))
    return locked


@transaction.atomic
def segment_change_approve(*, proposal: SegmentProposal, actor: User) -> SegmentProposal:
    """A second colleague approves: the segments change now; the count of contracts that move is kept."""
    locked = _locked(proposal)
    if is_author(locked, actor):
        raise ApplicationError(
            _("U hebt dit voorstel zelf gemaakt. Een collega moet het goedkeuren (vier ogen).")
        )
    corporation = Corporation.objects.get(pk=locked.corporation_id)
    moves = segment_moves(corporation=corporation, proposal=locked, as_of=clock.today())
    if locked.kind == ProposalKind.ORDER:
        present = list(
            Segment.objects.filter(corporation=corporation).order_by("position").values_list("pk", flat=True)
        )
        # Segments added since the proposal keep their place after the ordered ones.
        order = [pk for pk in locked.order if pk in present] + [
            pk for pk in present if pk not in locked.order
        ]
        segments_reorder(corporation=corporation, order=order, actor=actor)
    else:
        segment = segment_save(
            corporation=corporation,
            segment=locked.segment,
            name=locked.name,
            description=locked.description,
            match=locked.match,
            conditions=locked.conditions,
            flow=locked.flow,
            active=locked.active,
            actor=actor,
        )
        locked.segment = segment
    locked.status = VersionStatus.APPROVED
    locked.decided_by = actor.get_username()
    locked.decided_at = clock.now()
    locked.moved = moves.total
    locked.save(update_fields=["segment", "status", "decided_by", "decided_at", "moved"])
    log_action(
        corporation=corporation,
        actor=actor,
        action="flows.segment_approved",
        obj=locked,
        data={
            "segment": locked.name,
            "author": locked.created_by,
            "moved": moves.total,
            "as_of": moves.as_of.isoformat(),
        },
    )
    return locked


@transaction.atomic
def segment_change_reject(*, proposal: SegmentProposal, actor: User, reason: str) -> SegmentProposal:
    """A colleague rejects the proposal with a reason, or its author withdraws it; nothing changes."""
    locked = _locked(proposal)
    own = proposal_reject(locked, actor=actor, reason=reason)
    log_action(
        corporation=locked.corporation,
        actor=actor,
        action="flows.segment_withdrawn" if own else "flows.segment_rejected",
        obj=locked,
        data={"segment": locked.name, "reason": locked.decision_note},
    )
    return locked
