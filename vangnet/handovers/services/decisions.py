"""The manager's decision on proposals: approve (in bulk) or reject.

Approving hands the debt over: the contract gets a hold of kind "overgedragen" (the flow pauses, nothing is
deleted), a VAT uplift on the collection costs is booked only where the agency charges VAT the corporation
cannot deduct (art. 2 lid 3 Besluit BIK), and the ERP hears of it.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.flows.holds import source_holds_start
from vangnet.flows.models import HoldKind
from vangnet.handovers.models import ZERO, Agency, Handover, HandoverStatus, UpdateKind
from vangnet.handovers.proposals import actor_label
from vangnet.handovers.selectors import (
    agency_refusal,
    blocking_failures,
    collection_costs_charged,
    proposal_checks,
)
from vangnet.handovers.services.common import publish, updates_add
from vangnet.ledger.models import ContractStanding, EntryKind, InvoiceCategory, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings

HOLD_PREFIX = "handover:"
HOLD_REASON = "Overgedragen aan een incassopartner: wij manen zelf niet meer aan."
CENT = Decimal("0.01")


@dataclass
class Approval:
    approved: list[Handover] = field(default_factory=list)
    # Per hand-over number, why it was not approved.
    refused: dict[str, list[str]] = field(default_factory=dict)


def handovers_approve(
    *,
    corporation: Corporation,
    handovers: list[Handover],
    agency: Agency,
    as_of: date,
    note: str = "",
    actor: Actor,
) -> Approval:
    """Approves the proposals whose checks pass and hands them to `agency`; the others stay proposed, each
    with its reasons. An agency that may not receive debts (WKI) refuses the whole batch."""
    refusal = agency_refusal(agency, as_of=as_of)
    if refusal:
        raise ApplicationError(f"Overdracht geweigerd: {refusal}")
    result = Approval()
    proposed = [h for h in handovers if h.status == HandoverStatus.PROPOSED]
    for handover in handovers:
        if handover.status != HandoverStatus.PROPOSED:
            result.refused[handover.number] = [f"Dit voorstel is al {handover.get_status_display().lower()}."]
    checks = proposal_checks(proposed, as_of=as_of)
    for handover in proposed:
        failures = blocking_failures(checks[handover.pk])
        if failures:
            result.refused[handover.number] = [f"{c.label}: {c.detail or 'nee'}" for c in failures]
        else:
            handover.warnings = [f"{c.label}: {c.detail}" for c in checks[handover.pk] if not c.ok]
            result.approved.append(handover)
    if not result.approved:
        return result
    by = actor_label(actor)
    with transaction.atomic():
        contract_ids = [h.contract_id for h in result.approved]
        refresh_standings(corporation=corporation, as_of=as_of, contract_ids=contract_ids)
        overdue = dict(
            ContractStanding.objects.filter(contract_id__in=contract_ids).values_list(
                "contract_id", "overdue_amount"
            )
        )
        uplifts = _vat_uplifts(corporation, result.approved, agency, as_of)
        for handover in result.approved:
            handover.status = HandoverStatus.APPROVED
            handover.agency = agency
            handover.decided_on = handover.handed_over_on = as_of
            handover.decided_by, handover.decision_note = by[:150], note[:500]
            handover.amount = overdue.get(handover.contract_id, ZERO) + uplifts.get(
                handover.contract_id, ZERO
            )
        Handover.objects.bulk_update(
            result.approved,
            [
                "status",
                "agency",
                "decided_on",
                "handed_over_on",
                "decided_by",
                "decision_note",
                "amount",
                "warnings",
            ],
        )
        source_holds_start(
            corporation=corporation,
            kind=HoldKind.HANDED_OVER,
            sources=[(h.contract_id, h.pk) for h in result.approved],
            prefix=HOLD_PREFIX,
            reason=f"{HOLD_REASON} ({agency.name})",
            as_of=as_of,
            actor=actor,
        )
        updates_add(result.approved, kind=UpdateKind.APPROVED, on=as_of, by=by, note=agency.name)
        publish(corporation, "handover.approved", result.approved)
        log_action(
            corporation=corporation,
            actor=actor,
            action="handovers.approved",
            data={"agency": agency.slug, "handovers": [h.pk for h in result.approved][:100]},
        )
    return result


def _vat_uplifts(
    corporation: Corporation, handovers: list[Handover], agency: Agency, as_of: date
) -> dict[int, Decimal]:
    """Art. 2 lid 3 Besluit BIK: the collection costs raised by the VAT percentage, only for an agency whose
    VAT the corporation cannot deduct (declared on the agency), never on the corporation's own collection.
    Booked once per hand-over as its own entry, so the ledger shows the uplift and the dossier declares it."""
    if not agency.vat_uplift:
        return {}
    charged = collection_costs_charged([h.contract_id for h in handovers])
    entries, uplifts = [], {}
    for handover in handovers:
        costs = charged.get(handover.contract_id, ZERO)
        uplift = (costs * agency.vat_uplift / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        if uplift <= 0:
            continue
        uplifts[handover.contract_id] = uplift
        entries.append(
            LedgerEntry(
                corporation=corporation,
                contract_id=handover.contract_id,
                source_id=f"vangnet-wik-btw-{handover.pk}",
                kind=EntryKind.INVOICE,
                category=InvoiceCategory.COLLECTION_COSTS,
                booking_date=as_of,
                due_date=as_of,
                amount=uplift,
                description=f"Btw-opslag {agency.vat_uplift.normalize():f}% op incassokosten (art. 2 lid 3 Besluit BIK)"[
                    :200
                ],
            )
        )
    LedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)
    return uplifts


def handovers_reject(
    *, corporation: Corporation, handovers: list[Handover], reason: str, as_of: date, actor: Actor
) -> int:
    """The manager turns proposals down; the dossier stays in our own flow."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Geef een reden voor het afwijzen.")
    proposed = [h for h in handovers if h.status == HandoverStatus.PROPOSED]
    if not proposed:
        raise ApplicationError("Kies ten minste één voorstel dat nog open staat.")
    by = actor_label(actor)
    with transaction.atomic():
        for handover in proposed:
            handover.status = HandoverStatus.REJECTED
            handover.decided_on, handover.decided_by, handover.decision_note = as_of, by[:150], reason[:500]
        Handover.objects.bulk_update(proposed, ["status", "decided_on", "decided_by", "decision_note"])
        updates_add(proposed, kind=UpdateKind.REJECTED, on=as_of, by=by, note=reason)
        publish(corporation, "handover.rejected", proposed, reason=reason)
        log_action(
            corporation=corporation,
            actor=actor,
            action="handovers.rejected",
            data={"handovers": [h.pk for h in proposed][:100], "reason": reason},
        )
    return len(proposed)
