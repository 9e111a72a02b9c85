"""Writes on flows, segments, return rules and interest rates: what a colleague sets up (the daily run lives in
flows/engine, holds in flows/holds.py, what follows a booking in flows/bookings.py)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from vangnet.core.audit import log_action
from vangnet.core.channels import ChannelKind
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.flows import defaults
from vangnet.flows.engine.context import policy_for
from vangnet.flows.engine.events import record_events
from vangnet.flows.models import (
    OPEN_STATUSES,
    Enrollment,
    EventKind,
    Flow,
    FlowStep,
    FlowVersion,
    InterestRate,
    ReversalRule,
    Segment,
    VersionStatus,
)
from vangnet.flows.segments import ConditionError, Rule
from vangnet.flows.timeline import validate_steps
from vangnet.tenants.circumstances import circumstance_kinds_install_defaults


def _actor_label(actor: User | str | None) -> str:
    return actor.get_username() if isinstance(actor, User) else (actor or "system")


def version_write(
    *,
    flow: Flow,
    steps: Sequence[dict],
    note: str,
    actor: User | str | None,
    status: str,
    takes_over_open: bool | None = None,
) -> FlowVersion:
    """A checked timeline stored as the flow's next version number, with the given status; not yet current.

    `takes_over_open`, when given, is whether open dossiers follow their contract into this flow once the
    version becomes current (None: unchanged)."""
    cleaned = validate_steps(steps)
    # The flow row locked: two colleagues saving at once get numbers one after the other.
    Flow.objects.select_for_update().filter(pk=flow.pk).first()
    number = (FlowVersion.objects.filter(flow=flow).aggregate(n=Max("number"))["n"] or 0) + 1
    version = FlowVersion.objects.create(
        corporation=flow.corporation,
        flow=flow,
        number=number,
        note=note[:300],
        created_by=_actor_label(actor),
        author=actor if isinstance(actor, User) else None,
        status=status,
        takes_over_open=takes_over_open,
    )
    FlowStep.objects.bulk_create(
        FlowStep(corporation=flow.corporation, version=version, position=position, **step)
        for position, step in enumerate(cleaned, start=1)
    )
    return version


def version_make_current(flow: Flow, version: FlowVersion) -> None:
    changes: dict = {"current_version": version}
    if version.takes_over_open is not None:
        changes["takes_over_open"] = version.takes_over_open
    Flow.objects.filter(pk=flow.pk).update(**changes)
    for name, value in changes.items():
        setattr(flow, name, value)


@transaction.atomic
def flow_version_create(
    *,
    flow: Flow,
    steps: Sequence[dict],
    note: str,
    actor: User | str | None,
    takes_over_open: bool | None = None,
) -> FlowVersion:
    """A new current version without a second colleague: for setting a corporation up (the default flows,
    tests). A colleague's change to a running flow is a proposal (flows.approvals.flow_version_propose) that
    another colleague approves. New enrollments get the current version, running ones keep theirs."""
    version = version_write(
        flow=flow,
        steps=steps,
        note=note,
        actor=actor,
        status=VersionStatus.APPROVED,
        takes_over_open=takes_over_open,
    )
    version_make_current(flow, version)
    log_action(
        corporation=flow.corporation,
        actor=actor,
        action="flows.version_created",
        obj=flow,
        data={
            "version": version.number,
            "note": note,
            "steps": version.steps.count(),
            "takes_over_open": flow.takes_over_open,
        },
    )
    return version


@transaction.atomic
def enrollments_move_to_version(*, flow: Flow, as_of: date, actor: User | str | None) -> int:
    """Moves the flow's open enrollments onto its current version, at the first step they have not passed.

    A step counts as passed by its day: an enrollment that had done day 12 continues at the first step
    after day 12 in the new timeline.
    """
    target = flow.current_version
    if target is None:
        raise ApplicationError("Dit traject heeft nog geen versie.")
    new_steps = list(target.steps.order_by("position"))
    moving = list(
        Enrollment.objects.filter(flow=flow, status__in=OPEN_STATUSES)
        .exclude(version=target)
        .values("pk", "next_step__day_offset", "version_id")
    )
    if not moving:
        return 0
    by_step: dict[int | None, list[int]] = {}
    for row in moving:
        passed_day = row["next_step__day_offset"]
        step = next((s for s in new_steps if passed_day is not None and s.day_offset >= passed_day), None)
        by_step.setdefault(step.pk if step else None, []).append(row["pk"])
    for step_id, ids in by_step.items():
        group = Enrollment.objects.filter(pk__in=ids)
        record_events(
            group, kind=EventKind.MOVED, on=as_of, reason=f"Verplaatst naar versie {target.number}."
        )
        group.update(version=target, next_step_id=step_id)
    log_action(
        corporation=flow.corporation,
        actor=actor,
        action="flows.enrollments_moved",
        obj=flow,
        data={"version": target.number, "count": len(moving)},
    )
    return len(moving)


def segment_save(
    *,
    corporation: Corporation,
    segment: Segment | None,
    name: str,
    description: str,
    match: str,
    conditions: list[dict],
    flow: Flow | None,
    active: bool,
    actor: User | str | None,
) -> Segment:
    try:
        Rule.parse(conditions, match)
    except ConditionError as error:
        raise ApplicationError(f"Het segment is niet opgeslagen: {error}") from error
    if flow is not None and flow.corporation_id != corporation.pk:
        raise ApplicationError("Dat traject hoort niet bij deze corporatie.")
    with transaction.atomic():
        if segment is None:
            position = (
                Segment.objects.filter(corporation=corporation).aggregate(n=Max("position"))["n"] or 0
            ) + 1
            segment = Segment(corporation=corporation, position=position)
        segment.name, segment.description, segment.match = name, description, match
        segment.conditions, segment.flow, segment.active = conditions, flow, active
        segment.save()
        log_action(
            corporation=corporation,
            actor=actor,
            action="flows.segment_saved",
            obj=segment,
            data={"conditions": conditions, "match": match, "flow": flow.code if flow else None},
        )
    return segment


@transaction.atomic
def segments_reorder(*, corporation: Corporation, order: Sequence[int], actor: User | str | None) -> None:
    segments = {s.pk: s for s in Segment.objects.filter(corporation=corporation)}
    if set(order) != set(segments):
        raise ApplicationError("Geef de volgorde van alle segmenten.")
    for position, pk in enumerate(order, start=1):
        Segment.objects.filter(pk=pk).update(position=position + 1000)
    for position, pk in enumerate(order, start=1):
        Segment.objects.filter(pk=pk).update(position=position)
    log_action(
        corporation=corporation, actor=actor, action="flows.segments_reordered", data={"order": list(order)}
    )


def reversal_rules_install_defaults(*, corporation: Corporation, actor: User | str | None) -> int:
    """The default follow-up per return reason code, for codes the corporation has no rule for yet."""
    existing = set(ReversalRule.objects.filter(corporation=corporation).values_list("code", flat=True))
    created = [
        ReversalRule(
            corporation=corporation,
            code=spec.code,
            name=spec.name,
            channels=list(spec.channels),
            template_code=spec.template,
            task_kind=spec.task_kind,
            task_title=spec.task_title,
            repeat_count=spec.repeat_count,
            repeat_task_title=spec.repeat_task_title,
        )
        for spec in defaults.REVERSALS
        if spec.code not in existing
    ]
    ReversalRule.objects.bulk_create(created)
    if created:
        log_action(
            corporation=corporation,
            actor=actor,
            action="flows.reversal_rules_installed",
            data={"count": len(created)},
        )
    return len(created)


@transaction.atomic
def flows_install_defaults(*, corporation: Corporation, actor: User | str | None) -> int:
    """The default flows, segments and return rules for a corporation that has none yet; returns the flows
    created."""
    reversal_rules_install_defaults(corporation=corporation, actor=actor)
    # The "Extra aandacht" segment asks for circumstances: their kinds come with the flows.
    circumstance_kinds_install_defaults(corporation=corporation)
    if Flow.objects.filter(corporation=corporation).exists():
        return 0
    flows = {}
    for spec in defaults.FLOWS:
        flow = Flow.objects.create(
            corporation=corporation,
            code=spec.code,
            name=spec.name,
            description=spec.description,
            send_time=spec.send_time,
            colour=spec.colour,
            strictness=spec.strictness,
            takes_over_open=spec.takes_over_open,
        )
        steps = [
            {
                "name": step.name,
                "day_offset": step.day,
                "anchor": step.anchor,
                "action": step.action,
                "channels": list(step.channels),
                "fallback_channel": ChannelKind.LETTER if step.channels else "",
                "template_code": step.template,
                "min_amount": step.min_amount,
                "weekdays_only": step.weekdays_only,
                "task_priority": step.priority,
            }
            for step in spec.steps
        ]
        flow_version_create(flow=flow, steps=steps, note="Standaardinrichting", actor=actor)
        flows[spec.code] = flow
    for position, segment_spec in enumerate(defaults.SEGMENTS, start=1):
        Segment.objects.create(
            corporation=corporation,
            position=position,
            name=segment_spec.name,
            description=segment_spec.description,
            match=segment_spec.match,
            conditions=list(segment_spec.conditions),
            flow=flows[segment_spec.flow],
        )
    policy_for(corporation)
    log_action(
        corporation=corporation, actor=actor, action="flows.defaults_installed", data={"flows": len(flows)}
    )
    return len(flows)


def interest_rate_add(
    *, valid_from: date, rate: Decimal, source: str, actor: User | str | None
) -> InterestRate:
    """A new statutory interest rate from `valid_from` (Besluit vaststelling wettelijke rente)."""
    if not Decimal("0") <= rate < Decimal("100"):
        raise ApplicationError("Geef de rente als percentage per jaar, bijvoorbeeld 4 of 6,5.")
    if InterestRate.objects.filter(valid_from=valid_from).exists():
        raise ApplicationError("Voor deze datum staat al een rente in de tabel.")
    with transaction.atomic():
        added = InterestRate.objects.create(valid_from=valid_from, rate=rate, source=source[:200])
        log_action(
            corporation=None,
            actor=actor,
            action="flows.interest_rate_added",
            obj=added,
            data={"valid_from": valid_from.isoformat(), "rate": str(rate), "source": source},
        )
    return added
