"""Rerouting: an open dossier follows its contract into a flow that takes over open dossiers.

Classification only decides where new arrears enter; a dossier stays in the flow it started in. A flow with
`takes_over_open` (the default "Extra aandacht") is the exception: when a contract comes into one of its
segments (a colleague recorded a job loss, the ERP sent an illness), the open dossier moves there at the
next run, starting at the new flow's first step as a manual move does (flows/moves.py), and what the old
flow still had planned is withdrawn (flows/withdrawals.py). The event names the segment and the
circumstances that put the contract there, so the card's decisions say why.

A dossier moves once per segment it enters: the move records the segment on the dossier, so a colleague who
moves it on by hand after speaking with the tenant is not overruled the next night. Set-based: per segment
that takes over, one read of the dossiers, one of their circumstances, one insert of events and one update.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import DateField, Expression, F, Value
from django.db.models.functions import Greatest

from vangnet.core.audit import log_action
from vangnet.flows.engine.context import RunContext
from vangnet.flows.models import (
    OPEN_STATUSES,
    Enrollment,
    EnrollmentEvent,
    EventKind,
    Flow,
    FlowStep,
    Segment,
    StepAnchor,
)
from vangnet.flows.withdrawals import planned_work_withdraw
from vangnet.ledger.models import ContractRole, ContractTenant
from vangnet.tenants.models import Circumstance, circumstance_in_force_q


def reroute(ctx: RunContext) -> None:
    segments = Segment.objects.filter(
        corporation=ctx.corporation,
        active=True,
        flow__active=True,
        flow__takes_over_open=True,
        flow__current_version__isnull=False,
    ).select_related("flow__current_version")
    for segment in segments:
        assert segment.flow is not None  # filtered on above
        ctx.report.rerouted += _reroute_into(ctx, segment, segment.flow)


def _reroute_into(ctx: RunContext, segment: Segment, flow: Flow) -> int:
    as_of = ctx.as_of
    first = FlowStep.objects.filter(version_id=flow.current_version_id).order_by("position").first()
    if first is None:
        return 0
    moving = (
        Enrollment.objects.filter(
            corporation=ctx.corporation, status__in=OPEN_STATUSES, contract__segment_row__segment=segment
        )
        .exclude(flow=flow)
        .exclude(segment=segment)
    )
    rows = list(moving.values_list("pk", "contract_id", "flow__name"))
    if not rows:
        return 0
    contract_ids = [contract_id for _pk, contract_id, _name in rows]
    why = _circumstances_named(contract_ids, as_of)
    # Before the move: the old flow's calls, visits, unsent reminders and pay links go.
    planned_work_withdraw(
        corporation=ctx.corporation,
        contract_ids=contract_ids,
        why=f"Het dossier ging naar het traject {flow.name}.",
        actor="run_day",
    )
    EnrollmentEvent.objects.bulk_create(
        EnrollmentEvent(
            corporation=ctx.corporation,
            enrollment_id=pk,
            on=as_of,
            kind=EventKind.MOVED,
            reason=_reason(previous, flow.name, segment.name, why.get(contract_id, ""))[:300],
        )
        for pk, contract_id, previous in rows
    )
    if first.anchor == StepAnchor.OLDEST_DUE:
        anchor: Expression = Greatest(
            F("anchor_date"), Value(as_of - timedelta(days=first.day_offset)), output_field=DateField()
        )
    else:
        anchor = Value(as_of, output_field=DateField())
    moved = Enrollment.objects.filter(pk__in=[pk for pk, _c, _n in rows]).update(
        flow=flow, version=flow.current_version, segment=segment, next_step=first, anchor_date=anchor
    )
    log_action(
        corporation=ctx.corporation,
        actor="run_day",
        action="flows.enrollments_rerouted",
        obj=flow,
        data={"segment": segment.name, "flow": flow.code, "moved": moved, "contracts": contract_ids[:50]},
    )
    return moved


def _circumstances_named(contract_ids: list[int], as_of) -> dict[int, str]:
    """Per contract, the circumstances in force of its main tenant, newest first: "Werkloos geworden
    (sinds 03-03-2025)". Two queries."""
    tenants: dict[int, list[int]] = defaultdict(list)
    for contract_id, tenant_id in ContractTenant.objects.filter(
        contract_id__in=contract_ids, role=ContractRole.MAIN, removed_from_source_at__isnull=True
    ).values_list("contract_id", "tenant_id"):
        tenants[tenant_id].append(contract_id)
    named: dict[int, list[str]] = defaultdict(list)
    for tenant_id, name, since in (
        Circumstance.objects.filter(tenant_id__in=list(tenants))
        .filter(circumstance_in_force_q(as_of))
        .order_by("-starts_on", "-pk")
        .values_list("tenant_id", "kind__name", "starts_on")
    ):
        for contract_id in tenants[tenant_id]:
            named[contract_id].append(f"{name} (sinds {since:%d-%m-%Y})")
    return {contract_id: ", ".join(names) for contract_id, names in named.items()}


def _reason(previous: str, flow: str, segment: str, circumstances: str) -> str:
    because = f"segment {segment}: {circumstances}" if circumstances else f"segment {segment}"
    return (
        f"Van {previous} naar {flow}, door het {because}. Wat het oude traject nog had gepland, is vervallen."
    )
