"""The dossier of a hand-over: everything an agency needs to work the debt, as plain data.

Every export format (vangnet/handovers/formats) and the API render this one shape, so a CSV row, a PDF page
and the JSON an agency pulls say the same. `dossiers_for` builds the dossiers of any number of hand-overs in a
fixed number of queries. Amounts are strings with two decimals, dates ISO 8601 (docs/handovers.md).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from vangnet.arrangements.models import Arrangement, Promise, PromiseStatus
from vangnet.disputes.models import Dispute
from vangnet.flows.models import Enrollment, StepAction
from vangnet.handovers.models import ZERO, Handover
from vangnet.ledger.allocation import Entry, open_amounts
from vangnet.ledger.models import ContractRole, ContractTenant, EntryKind, InvoiceCategory, LedgerEntry
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.tenants.models import TenantNote

SENT = (MessageStatus.SENT, MessageStatus.DELIVERED)
Dossier = dict[str, Any]


def money(amount: Decimal | None) -> str:
    return f"{(amount or ZERO):.2f}"


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _grouped(rows, key: str) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _debtor(party: ContractTenant, as_of: date) -> dict[str, Any]:
    tenant = party.tenant
    administrator = None
    if (
        tenant.administrator_name
        and (tenant.administrator_since is None or tenant.administrator_since <= as_of)
        and (tenant.administrator_until is None or tenant.administrator_until >= as_of)
    ):
        administrator = {
            "name": tenant.administrator_name,
            "email": tenant.administrator_email,
            "phone": tenant.administrator_phone,
            "address": tenant.administrator_address,
        }
    return {
        "tenant_id": tenant.source_id,
        "role": "main" if party.role == ContractRole.MAIN else "co",
        "name": tenant.display_name,
        "birth_date": day(tenant.birth_date),
        "email": tenant.email,
        "phone": tenant.phone_mobile or tenant.phone_home,
        "street": f"{tenant.street} {tenant.house_number}{('-' + tenant.house_number_suffix) if tenant.house_number_suffix else ''}".strip(),
        "postcode": tenant.postcode,
        "city": tenant.city,
        "administrator": administrator,
    }


def dossiers_for(handovers: list[Handover], *, as_of: date) -> list[Dossier]:
    if not handovers:
        return []
    contract_ids = [h.contract_id for h in handovers]
    parties = _grouped(
        ContractTenant.objects.filter(contract_id__in=contract_ids, removed_from_source_at__isnull=True)
        .select_related("tenant")
        .order_by("role", "pk"),
        "contract_id",
    )
    entries = _grouped(
        LedgerEntry.objects.filter(
            contract_id__in=contract_ids, removed_from_source_at__isnull=True
        ).order_by("booking_date", "pk"),
        "contract_id",
    )
    messages = _grouped(
        OutgoingMessage.objects.filter(contract_id__in=contract_ids, status__in=SENT)
        .select_related("step_run__step")
        .order_by("sent_at", "pk"),
        "contract_id",
    )
    terms = _grouped(
        Enrollment.objects.filter(contract_id__in=contract_ids, letter_term_end__isnull=False).order_by(
            "letter_term_end"
        ),
        "contract_id",
    )
    arrangements = _grouped(
        Arrangement.objects.filter(contract_id__in=contract_ids).order_by("agreed_on"), "contract_id"
    )
    promises = _grouped(
        Promise.objects.filter(contract_id__in=contract_ids, status=PromiseStatus.BROKEN).order_by("made_on"),
        "contract_id",
    )
    disputes = _grouped(
        Dispute.objects.filter(contract_id__in=contract_ids).select_related("category").order_by("opened_on"),
        "contract_id",
    )
    tenant_contracts: dict[int, list[int]] = defaultdict(list)
    for contract_id, found in parties.items():
        for party in found:
            tenant_contracts[party.tenant_id].append(contract_id)
    notes: dict[int, list[TenantNote]] = defaultdict(list)
    for note in TenantNote.objects.filter(tenant_id__in=list(tenant_contracts), shareable=True).order_by(
        "created_at"
    ):
        for contract_id in tenant_contracts[note.tenant_id]:
            notes[contract_id].append(note)
    return [
        _dossier(
            handover,
            as_of=as_of,
            parties=parties.get(handover.contract_id, []),
            entries=entries.get(handover.contract_id, []),
            messages=messages.get(handover.contract_id, []),
            term=(terms.get(handover.contract_id) or [None])[-1],
            arrangements=arrangements.get(handover.contract_id, []),
            promises=promises.get(handover.contract_id, []),
            disputes=disputes.get(handover.contract_id, []),
            notes=notes.get(handover.contract_id, []),
        )
        for handover in handovers
    ]


def _dossier(
    handover: Handover,
    *,
    as_of: date,
    parties,
    entries,
    messages,
    term,
    arrangements,
    promises,
    disputes,
    notes,
) -> Dossier:
    contract, unit = handover.contract, handover.contract.unit
    opened = open_amounts(
        [Entry(e.pk, e.kind, e.amount, e.due_date, e.linked_entry_id, e.category) for e in entries]
    )
    open_items = [
        {
            "entry_id": e.source_id,
            "category": e.category,
            "description": e.description,
            "due_date": day(e.due_date),
            "amount": money(e.amount),
            "open_amount": money(opened[e.pk]),
        }
        for e in entries
        if e.kind == EntryKind.INVOICE and opened.get(e.pk, ZERO) > 0
    ]
    letter = next(
        (m for m in messages if m.step_run and m.step_run.step.action == StepAction.FOURTEEN_DAY_LETTER), None
    )
    charged: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for e in entries:
        if e.kind == EntryKind.INVOICE and e.category in (
            InvoiceCategory.COLLECTION_COSTS,
            InvoiceCategory.INTEREST,
        ):
            charged[e.category] += e.amount
    agency = handover.agency
    return {
        "handover_id": handover.number,
        "agency": agency.slug if agency else "",
        "agency_name": agency.name if agency else "",
        "status": handover.status,
        "handed_over_on": day(handover.handed_over_on),
        "amount": money(handover.amount),
        "reason": handover.reason,
        "as_of": day(as_of),
        "contract": {
            "contract_id": contract.source_id,
            "start_date": day(contract.start_date),
            "end_date": day(contract.end_date),
            "monthly_rent": money(contract.monthly_rent + contract.monthly_service_costs),
            "payment_reference": contract.payment_reference,
            "unit": {
                "unit_id": unit.source_id,
                "kind": unit.kind,
                "address": str(unit),
                "postcode": unit.postcode,
                "city": unit.city,
            },
        },
        "debtors": [_debtor(party, as_of) for party in parties],
        "balance": money(sum((e.amount for e in entries), ZERO)),
        "open_total": money(sum((Decimal(item["open_amount"]) for item in open_items), ZERO)),
        "open_items": open_items,
        "collection_costs_charged": money(charged[InvoiceCategory.COLLECTION_COSTS]),
        "interest_charged": money(charged[InvoiceCategory.INTEREST]),
        "vat_declaration": vat_declaration(handover) or "",
        "ledger": [
            {
                "entry_id": e.source_id,
                "kind": e.kind,
                "category": e.category,
                "booking_date": day(e.booking_date),
                "due_date": day(e.due_date),
                "amount": money(e.amount),
                "description": e.description,
            }
            for e in entries
        ],
        "messages": [
            {
                "sent_on": day(m.sent_at.date() if m.sent_at else None),
                "channel": m.channel,
                "template": m.template_code,
                "subject": m.subject,
                "recipient": m.recipient_name,
                "status": m.status,
            }
            for m in messages
        ],
        "fourteen_day_letter": {
            "sent_on": day(letter.sent_at.date() if letter.sent_at else None),
            "channel": letter.channel,
            "amount": money(letter.amount),
            "costs": money(letter.costs),
            "term_end": day(term.letter_term_end if term else None),
            "message_id": str(letter.code),
        }
        if letter
        else None,
        "arrangements": [
            {
                "agreed_on": day(a.agreed_on),
                "total_amount": money(a.total_amount),
                "status": a.status,
                "broken_on": day(a.broken_on),
                "broken_reason": a.broken_reason,
            }
            for a in arrangements
        ],
        "promises_broken": [
            {"made_on": day(p.made_on), "promised_date": day(p.promised_date), "amount": money(p.amount)}
            for p in promises
        ],
        "disputes": [
            {
                "opened_on": day(d.opened_on),
                "category": d.category.name,
                "status": d.status,
                "description": d.description,
            }
            for d in disputes
        ],
        "notes": [{"date": day(n.created_at.date()), "author": n.author, "text": n.text} for n in notes],
    }


def vat_declaration(handover: Handover) -> str | None:
    """The statement art. 2 lid 3 Besluit BIK requires with a VAT uplift, or None without one."""
    agency = handover.agency
    if agency is None or not agency.vat_uplift:
        return None
    return (
        f"{handover.corporation.name} verklaart dat zij de btw over de diensten van {agency.name} niet kan "
        f"verrekenen. Daarom zijn de incassokosten verhoogd met {agency.vat_uplift.normalize():f}% btw."
    )


def letter_render_data(handovers: list[Handover]) -> dict[int, dict]:
    """The 14-day letter of each hand-over as it was laid out when sent, to render again as proof."""
    letters = (
        OutgoingMessage.objects.filter(
            contract_id__in=[h.contract_id for h in handovers],
            status__in=SENT,
            channel="letter",
            step_run__step__action=StepAction.FOURTEEN_DAY_LETTER,
        )
        .exclude(render_data={})
        .order_by("sent_at", "pk")
    )
    found: dict[int, dict] = {}
    for message in letters:
        found.setdefault(message.contract_id, message.render_data)  # type: ignore[arg-type]
    return found
