"""What a proposed segment change would do: the change in words, and how many contracts change segment.

The count compares two classifications of the whole portfolio in one query: the segments as they are and
as the proposal would make them, each the same CASE the nightly classification uses
(`flows.segments.segment_choice`), grouped by (from, to).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import BigIntegerField, Count, F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from vangnet.core.models import Corporation
from vangnet.flows.models import ProposalKind, Segment, SegmentMatch, SegmentProposal
from vangnet.flows.segments import ConditionError, Rule, segment_choice
from vangnet.ledger.models import Contract

NEW = -1  # the id a proposed new segment stands under in the count
NONE = 0  # no segment


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    count: int


@dataclass(frozen=True)
class SegmentMoves:
    as_of: date
    total: int
    moves: tuple[Move, ...]


@dataclass
class _Row:
    pk: int
    name: str
    active: bool
    conditions: list
    match: str

    def rule(self) -> Rule:
        return Rule.parse(self.conditions, self.match)


def _rows(segments: list[Segment], proposal: SegmentProposal) -> list[_Row]:
    """The corporation's segments, in order, as the proposal would leave them."""
    rows = [_Row(s.pk, s.name, s.active, s.conditions, s.match) for s in segments]
    if proposal.kind == ProposalKind.ORDER:
        place = {pk: index for index, pk in enumerate(proposal.order)}
        return sorted(rows, key=lambda row: place.get(row.pk, len(place)))
    changed = _Row(
        proposal.segment_id or NEW, proposal.name, proposal.active, proposal.conditions, proposal.match
    )
    if proposal.segment_id is None:
        return [*rows, changed]
    return [changed if row.pk == proposal.segment_id else row for row in rows]


def segment_moves(*, corporation: Corporation, proposal: SegmentProposal, as_of: date) -> SegmentMoves:
    """How many contracts of the corporation would be in another segment as of `as_of` (one query)."""
    segments = list(Segment.objects.filter(corporation=corporation).order_by("position"))
    before = [(s.pk, Rule.parse(s.conditions, s.match)) for s in segments if s.active]
    after_rows = [row for row in _rows(segments, proposal) if row.active]
    after = [(row.pk, row.rule()) for row in after_rows]
    names = {s.pk: s.name for s in segments} | {NEW: proposal.name, NONE: _("geen segment")}
    if proposal.segment_id is not None:
        names[proposal.segment_id] = proposal.name
    grouped = (
        Contract.objects.filter(corporation=corporation)
        .annotate(
            v_before=Coalesce(segment_choice(before, as_of), Value(NONE), output_field=BigIntegerField()),
            v_after=Coalesce(segment_choice(after, as_of), Value(NONE), output_field=BigIntegerField()),
        )
        .exclude(v_before=F("v_after"))
        .values("v_before", "v_after")
        .annotate(n=Count("pk"))
        .order_by()
    )
    moves = sorted(
        (Move(names.get(row["v_before"], "—"), names.get(row["v_after"], "—"), row["n"]) for row in grouped),
        key=lambda move: (-move.count, move.source, move.target),
    )
    return SegmentMoves(as_of=as_of, total=sum(move.count for move in moves), moves=tuple(moves))


def _rule_words(conditions: list, match: str) -> str:
    try:
        described = [condition.describe() for condition in Rule.parse(conditions, match).conditions]
    except ConditionError as error:
        return str(error)
    if not described:
        return _("alle overige contracten")
    joiner = _(" of ") if match == SegmentMatch.ANY else _(" en ")
    return joiner.join(described)


def proposal_changes(proposal: SegmentProposal) -> list[str]:
    """The proposal in words: a line per thing that changes (name, conditions, flow, on/off, order)."""
    corporation_id = proposal.corporation_id
    if proposal.kind == ProposalKind.ORDER:
        segments = {s.pk: s for s in Segment.objects.filter(corporation_id=corporation_id)}
        now = [s.name for s in sorted(segments.values(), key=lambda s: s.position)]
        then = [segments[pk].name for pk in proposal.order if pk in segments]
        return [
            _("Volgorde nu: %(order)s") % {"order": ", ".join(f"{i}. {n}" for i, n in enumerate(now, 1))},
            _("Volgorde straks: %(order)s")
            % {"order": ", ".join(f"{i}. {n}" for i, n in enumerate(then, 1))},
        ]
    flow_name = proposal.flow.name if proposal.flow else _("geen traject")
    rule = _rule_words(proposal.conditions, proposal.match)
    yes_no = {True: _("aan"), False: _("uit")}
    segment = proposal.segment
    if segment is None:
        return [
            _("Nieuw segment %(name)s, achteraan in de volgorde") % {"name": proposal.name},
            _("Voorwaarden: %(rule)s") % {"rule": rule},
            _("Traject: %(flow)s") % {"flow": flow_name},
            _("Segment staat %(state)s") % {"state": yes_no[proposal.active]},
        ]
    lines = []
    if segment.name != proposal.name:
        lines.append(_("Naam: %(old)s → %(new)s") % {"old": segment.name, "new": proposal.name})
    if segment.description != proposal.description:
        lines.append(
            _("Omschrijving: %(old)s → %(new)s")
            % {"old": segment.description or _("geen"), "new": proposal.description or _("geen")}
        )
    old_rule = _rule_words(segment.conditions, segment.match)
    if old_rule != rule:
        lines.append(_("Voorwaarden: %(old)s → %(new)s") % {"old": old_rule, "new": rule})
    if segment.flow_id != proposal.flow_id:
        old_flow = segment.flow.name if segment.flow is not None else None
        lines.append(
            _("Traject: %(old)s → %(new)s") % {"old": old_flow or _("geen traject"), "new": flow_name}
        )
    if segment.active != proposal.active:
        lines.append(
            _("Segment staat: %(old)s → %(new)s")
            % {"old": yes_no[segment.active], "new": yes_no[proposal.active]}
        )
    return lines
