"""What every hand-over change shares: its history row and the event the ERP hears (docs/events.md)."""

from datetime import date
from decimal import Decimal
from typing import Any

from vangnet.core.models import Corporation
from vangnet.events.services import events_publish_bulk
from vangnet.handovers.dossiers import day, money
from vangnet.handovers.models import Handover, HandoverUpdate
from vangnet.ledger.models import Contract


def updates_add(
    handovers: list[Handover],
    *,
    kind: str,
    on: date,
    by: str,
    note: str = "",
    amount: Decimal | None = None,
    stage: str = "",
) -> None:
    HandoverUpdate.objects.bulk_create(
        [
            HandoverUpdate(
                corporation_id=h.corporation_id,
                handover=h,
                kind=kind,
                on=on,
                by=by[:150],
                note=note[:500],
                amount=amount,
                stage=stage,
            )
            for h in handovers
        ]
    )


def payload(handover: Handover, contract_ids: dict[int, str], **extra: Any) -> dict[str, Any]:
    return {
        "handover_id": handover.number,
        "contract_id": contract_ids.get(handover.contract_id, ""),
        "agency": handover.agency.slug if handover.agency else "",
        "agency_kind": handover.agency.kind if handover.agency else "",
        "status": handover.status,
        "handed_over_on": day(handover.handed_over_on),
        "amount": money(handover.amount),
        "collected": money(handover.collected),
        "stage": handover.stage,
        "currency": "EUR",
        **extra,
    }


def publish(corporation: Corporation, event_type: str, handovers: list[Handover], **extra: Any) -> int:
    """One `handover.*` event per hand-over, for the ERP (docs/events.md)."""
    contract_ids = dict(
        Contract.objects.filter(pk__in={h.contract_id for h in handovers}).values_list("pk", "source_id")
    )
    return events_publish_bulk(
        corporation=corporation,
        type=event_type,
        payloads=[payload(h, contract_ids, **extra) for h in handovers],
    )
