"""Applying an agency's feedback: payments booked on the ledger once, costs and stages recorded, closures
carried out; an eviction date becomes an urgent task. A file with any bad row changes nothing: it is kept
as rejected with every error (docs/handovers.md)."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial

from django.db import transaction

from vangnet.core.audit import Actor, log_action
from vangnet.core.models import Corporation
from vangnet.events.services import events_publish_bulk
from vangnet.flows.bookings import enrollments_reevaluate
from vangnet.handovers.feedback import FeedbackLine, FeedbackRejected, parse_lines
from vangnet.handovers.models import (
    HANDED_OVER_STATUSES,
    ZERO,
    Agency,
    AgencyPayment,
    FeedbackImport,
    FeedbackStatus,
    Handover,
    UpdateKind,
)
from vangnet.handovers.proposals import actor_label
from vangnet.handovers.services.common import publish, updates_add
from vangnet.handovers.services.lifecycle import handovers_close
from vangnet.ledger.models import EntryKind, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings
from vangnet.tasks.models import TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import task_create


@dataclass
class FeedbackResult:
    record: FeedbackImport
    rows: int = 0
    payments_booked: int = 0
    amount_booked: Decimal = ZERO
    closed: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "payments_booked": self.payments_booked,
            "amount_booked": f"{self.amount_booked:.2f}",
            "closed": self.closed,
            "errors": self.errors,
        }


def payment_source_id(agency: Agency, reference: str) -> str:
    """The ledger id of an agency payment: the same payment never books twice, and the ERP registers it
    under this id (an ERP delivery that lists it again updates it instead of adding a second one)."""
    return f"vangnet-agency-{agency.pk}-{reference}"[:64]


def agency_feedback_import(
    *,
    agency: Agency,
    rows: list[dict[str, str]] | None,
    file_name: str,
    content: bytes,
    as_of: date,
    actor: Actor,
    rejected: FeedbackRejected | None = None,
) -> FeedbackResult:
    """Checks every row, then applies all of them in one transaction, or none."""
    corporation = agency.corporation
    open_handovers = {
        h.contract.source_id: h
        for h in Handover.objects.filter(agency=agency, status__in=HANDED_OVER_STATUSES).select_related(
            "contract", "corporation", "agency"
        )
    }
    base = {
        "corporation": corporation,
        "agency": agency,
        "file_name": file_name[:200],
        "sha256": hashlib.sha256(content).hexdigest(),
        "imported_by": actor_label(actor)[:150],
    }
    try:
        if rejected is not None:
            raise rejected
        lines = parse_lines(rows or [], open_contracts=set(open_handovers), as_of=as_of)
    except FeedbackRejected as error:
        errors = [e.as_dict() for e in error.errors]
        record = FeedbackImport.objects.create(
            **base, status=FeedbackStatus.REJECTED, rows=len(rows or []), errors=errors[:1000]
        )
        log_action(corporation=corporation, actor=actor, action="handovers.feedback_rejected", obj=record)
        return FeedbackResult(record=record, rows=len(rows or []), errors=errors)
    with transaction.atomic():
        record = FeedbackImport.objects.create(**base, status=FeedbackStatus.APPLIED, rows=len(lines))
        result = FeedbackResult(record=record, rows=len(lines))
        _apply(corporation, agency, record, lines, open_handovers, result, as_of=as_of, actor=actor)
        record.payments_booked, record.amount_booked, record.closed = (
            result.payments_booked,
            result.amount_booked,
            result.closed,
        )
        record.save(update_fields=["payments_booked", "amount_booked", "closed"])
        log_action(
            corporation=corporation,
            actor=actor,
            action="handovers.feedback_applied",
            obj=record,
            data=result.as_dict(),
        )
    return result


def _apply(
    corporation: Corporation,
    agency: Agency,
    record: FeedbackImport,
    lines: list[FeedbackLine],
    handovers: dict[str, Handover],
    result: FeedbackResult,
    *,
    as_of: date,
    actor: Actor,
) -> None:
    by = actor_label(actor)
    booked_before = set(
        AgencyPayment.objects.filter(
            agency=agency, reference__in=[line.reference for line in lines if line.kind == "payment"]
        ).values_list("reference", flat=True)
    )
    payments, entries, events, touched, closing = [], [], [], set(), []
    for line in lines:
        handover = handovers[line.contract_id]
        touched.add(handover)
        if line.kind == "payment" and line.reference not in booked_before:
            assert line.amount is not None
            entry = LedgerEntry(
                corporation=corporation,
                contract_id=handover.contract_id,
                source_id=payment_source_id(agency, line.reference),
                kind=EntryKind.PAYMENT,
                booking_date=line.on,
                due_date=line.on,
                amount=-line.amount,
                description=f"Via {agency.name}: {line.reference}"[:200],
            )
            entries.append(entry)
            payments.append((handover, line, entry))
            handover.collected += line.amount
            if handover.first_payment_on is None or line.on < handover.first_payment_on:
                handover.first_payment_on = line.on
        elif line.kind == "costs":
            assert line.amount is not None
            handover.agency_costs += line.amount
            updates_add(
                [handover], kind=UpdateKind.COSTS, on=line.on, by=by, amount=line.amount, note=line.note
            )
        elif line.kind == "stage":
            handover.stage, handover.stage_on = line.stage, line.on
            if line.eviction_on:
                handover.eviction_on = line.eviction_on
                _eviction_task(handover, line, agency, as_of=as_of, actor=actor)
            updates_add(
                [handover], kind=UpdateKind.STAGE, on=line.on, by=by, stage=line.stage, note=line.note
            )
            events.append(
                (
                    "handover.stage_changed",
                    handover,
                    {
                        "stage_on": line.on.isoformat(),
                        "eviction_on": line.eviction_on.isoformat() if line.eviction_on else "",
                    },
                )
            )
        elif line.kind == "closed":
            closing.append((handover, line))
    LedgerEntry.objects.bulk_create(entries)
    AgencyPayment.objects.bulk_create(
        [
            AgencyPayment(
                corporation=corporation,
                handover=handover,
                agency=agency,
                reference=line.reference,
                paid_on=line.on,
                amount=line.amount or ZERO,
                ledger_entry=entry,
                feedback=record,
            )
            for handover, line, entry in payments
        ]
    )
    for handover, line, _entry in payments:
        updates_add(
            [handover], kind=UpdateKind.PAYMENT, on=line.on, by=by, amount=line.amount, note=line.reference
        )
    result.payments_booked = len(payments)
    result.amount_booked = sum((line.amount or ZERO for _, line, _ in payments), ZERO)
    Handover.objects.bulk_update(
        list(touched), ["collected", "first_payment_on", "agency_costs", "stage", "stage_on", "eviction_on"]
    )
    if payments:
        events_publish_bulk(
            corporation=corporation,
            type="handover.payment_booked",
            payloads=[
                {
                    "handover_id": handover.number,
                    "contract_id": handover.contract.source_id,
                    "agency": agency.slug,
                    "ledger_entry_id": entry.source_id,
                    "reference": line.reference,
                    "paid_on": line.on.isoformat(),
                    "amount": f"{line.amount:.2f}",
                    "currency": "EUR",
                }
                for handover, line, entry in payments
            ],
        )
    for event_type, handover, extra in events:
        publish(corporation, event_type, [handover], **extra)
    contract_ids = sorted({h.contract_id for h in touched})
    refresh_standings(corporation=corporation, as_of=as_of, contract_ids=contract_ids)
    for handover, line in closing:
        result.closed += handovers_close(
            handovers=[handover],
            note=line.note or "Afgesloten door de partner",
            as_of=line.on,
            actor=actor,
            by_agency=True,
        )
    if payments:
        # After the commit, as for bank payments: paid arrears close their dossier the same second.
        transaction.on_commit(
            partial(
                enrollments_reevaluate,
                corporation=corporation,
                contract_ids=contract_ids,
                as_of=as_of,
                actor=actor,
            ),
            robust=True,
        )


def _eviction_task(
    handover: Handover, line: FeedbackLine, agency: Agency, *, as_of: date, actor: Actor
) -> None:
    """An eviction date from the bailiff: an urgent task for a last-minute offer of help."""
    assert line.eviction_on is not None
    task_create(
        corporation=handover.corporation,
        kind=TaskKind.HANDOVER,
        title=f"Ontruiming op {line.eviction_on:%d-%m-%Y}: bied nog één keer hulp aan ({handover.contract.source_id})",
        description=(
            f"{agency.name} meldt een ontruimingsdatum. Neem vóór die dag contact op met de huurder: een regeling, "
            "schuldhulp of een betaling kan de ontruiming nog voorkomen."
        ),
        due_on=min(line.eviction_on, max(as_of, line.on)),
        source=TaskSource.STAFF,
        source_key=f"handover-eviction:{handover.pk}:{line.eviction_on.isoformat()}",
        contract=handover.contract,
        priority=TaskPriority.URGENT,
        team="Huurincasso",
        actor=actor,
    )
