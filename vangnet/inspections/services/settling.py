"""The end inspection and the final settlement: computed by the pure `final_settlement`, booked on the
ledger, sent as a letter (kept on the timeline), published to the ERP; the contract ends, so a remaining
balance is collected by the departed-tenants track of the flows (a segment on "Contract beëindigd")."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext

from vangnet.cases.services import case_transition
from vangnet.core.audit import Actor, log_action
from vangnet.core.money import format_euro
from vangnet.events.services import event_publish
from vangnet.inspections.models import Inspection, InspectionKind, Payer, Termination
from vangnet.inspections.services.common import letter_base, letter_keep, refuse
from vangnet.inspections.services.termination import inspection_done
from vangnet.inspections.settlement import CENT, Settlement, final_settlement
from vangnet.ledger.models import Contract, EntryKind, InvoiceCategory, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings

ZERO = Decimal("0.00")
PAY_DAYS = 14


def settlement_for(termination: Termination, inspection: Inspection, deposit: Decimal) -> Settlement:
    """The settlement as it would be computed now (three queries: balance, rent invoiced, defects)."""
    entries = LedgerEntry.objects.filter(contract_id=termination.contract_id)
    balance = entries.aggregate(total=Sum("amount"))["total"] or ZERO
    end = termination.end_date
    invoiced = (
        entries.filter(
            kind=EntryKind.INVOICE,
            category__in=[InvoiceCategory.RENT, InvoiceCategory.SERVICE_COSTS],
            due_date__gte=end.replace(day=1),
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    repairs = [
        (f"{d.room}, {d.description}", d.cost)
        for d in inspection.defects.filter(payer=Payer.TENANT, cost__gt=0).order_by("pk")
    ]
    return final_settlement(
        end_date=end,
        monthly_rent=termination.contract.monthly_total,
        open_balance=Decimal(balance).quantize(CENT),
        rent_invoiced_from_end_month=Decimal(invoiced).quantize(CENT),
        repairs=repairs,
        deposit=deposit,
    )


def _ledger_entries(termination: Termination, settlement: Settlement, as_of: dt.date) -> list[LedgerEntry]:
    entries = []
    for number, line in enumerate(settlement.lines):
        if line.code == "open" or not line.amount:
            continue
        entries.append(
            LedgerEntry(
                corporation_id=termination.corporation_id,
                contract_id=termination.contract_id,
                source_id=f"vangnet-eindafrekening-{termination.pk}-{number}",
                kind=EntryKind.INVOICE if line.amount > 0 else EntryKind.CORRECTION,
                category=InvoiceCategory.REPAIR
                if line.code == "repair"
                else InvoiceCategory.FINAL_SETTLEMENT,
                booking_date=as_of,
                due_date=as_of + dt.timedelta(days=PAY_DAYS),
                amount=line.amount,
                description=line.label[:200],
            )
        )
    return entries


def _letter(termination: Termination, settlement: Settlement, as_of: dt.date) -> dict:
    case = termination.case
    data = letter_base(case, termination.tenant, title=gettext("Eindafrekening van uw huur"), as_of=as_of)
    data["address"] = [str(termination.tenant), *termination.forwarding_address.splitlines()]
    data["paragraphs"] = [
        gettext(
            "Uw huur van %(address)s is geëindigd op %(day)s. Hieronder staat wat u nog moet betalen "
            "of wat u terugkrijgt."
        )
        % {"address": case.unit.address_line if case.unit else "", "day": f"{termination.end_date:%d-%m-%Y}"}
    ]
    data["rows"] = [[line.label, format_euro(line.amount)] for line in settlement.lines]
    if settlement.total > 0:
        data["total_label"] = gettext("U moet nog betalen")
        data["closing"] = [
            gettext(
                "Betaal dit bedrag binnen %(days)s dagen. Kunt u dat niet? Bel ons, dan zoeken wij samen "
                "een oplossing."
            )
            % {"days": PAY_DAYS}
        ]
    else:
        data["total_label"] = gettext("U krijgt terug")
        data["closing"] = [
            gettext("Wij maken dit bedrag binnen %(days)s dagen naar u over.") % {"days": PAY_DAYS}
        ]
    data["total"] = format_euro(abs(settlement.total))
    return data


def end_inspection_complete(
    *, inspection: Inspection, notes: str, deposit: Decimal | None, as_of: dt.date, actor: Actor
) -> Termination:
    """The end inspection is done: the settlement is computed, booked, sent and published at once."""
    if inspection.kind != InspectionKind.END:
        raise refuse(gettext("Dit is geen eindinspectie."), "notes")
    if inspection.done_at is not None:
        raise refuse(gettext("Deze inspectie is al afgerond."), "notes")
    if deposit is None or deposit < 0:
        raise refuse(gettext("Vul de waarborgsom in als bedrag, bijvoorbeeld 500,00 (0 mag)."), "deposit")
    termination = Termination.objects.select_related("contract", "tenant", "case").get(case=inspection.case)
    if termination.settled_on is not None:
        raise refuse(gettext("De eindafrekening is al verstuurd."), "notes")
    with transaction.atomic():
        inspection_done(inspection, notes, actor)
        case_transition(case=termination.case, to="eindinspectie", as_of=as_of, actor=actor)
        settlement = settlement_for(termination, inspection, deposit)
        LedgerEntry.objects.bulk_create(_ledger_entries(termination, settlement, as_of))
        contract = termination.contract
        if contract.end_date is None or contract.end_date > termination.end_date:
            Contract.objects.filter(pk=contract.pk).update(end_date=termination.end_date)
        refresh_standings(corporation=termination.corporation, as_of=as_of, contract_ids=[contract.pk])
        termination.deposit = deposit
        termination.settled_on = as_of
        termination.balance = settlement.total
        termination.settlement = [
            {"code": line.code, "label": line.label, "amount": str(line.amount)} for line in settlement.lines
        ]
        termination.save(update_fields=["deposit", "settled_on", "balance", "settlement"])
        letter_keep(
            termination.case,
            _letter(termination, settlement, as_of),
            file_name="eindafrekening.pdf",
            actor=actor,
        )
        event_publish(
            corporation=termination.corporation,
            type="contract.final_settlement",
            payload={
                "contract_id": contract.source_id,
                "tenant_id": termination.tenant.source_id,
                "case_number": termination.case.number,
                "end_date": termination.end_date,
                "lines": termination.settlement,
                "total": str(settlement.total),
            },
        )
        case_transition(case=termination.case, to="afgerekend", as_of=as_of, actor=actor)
        log_action(
            corporation=termination.corporation,
            actor=actor,
            action="termination.settled",
            obj=termination,
            data={"total": str(settlement.total)},
        )
    return termination
