"""The data a message is rendered with, loaded for many messages at once (a fixed number of queries).

`message_data_bulk` reads tenants, contracts, units, the ledger entries of the contracts and the collection
policy once for the whole list, then computes open items with the pure allocation of the ledger app.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from vangnet.core.language import spoken_euro, written_date
from vangnet.core.models import Corporation
from vangnet.core.money import format_euro
from vangnet.flows.legal.fourteen_day_letter import (
    LEGAL_TEMPLATE_CODES,
    costs_notice,
    costs_notice_nl,
    term_wording,
    term_wording_nl,
)
from vangnet.flows.legal.wik import collection_costs
from vangnet.ledger.allocation import ZERO, Entry, open_amounts
from vangnet.ledger.models import Contract, InvoiceCategory, LedgerEntry
from vangnet.messaging import links
from vangnet.messaging.agreement_context import (
    arrangement_values,
    arrangements_by_contract,
    disputes_by_contract,
    promises_by_contract,
)
from vangnet.messaging.defaults import formal_codes
from vangnet.messaging.greetings import salutation
from vangnet.messaging.models import MessageTemplate, OutgoingMessage
from vangnet.tenants.models import Tenant

INVOICE_PLACEHOLDERS = (
    "factuur_nummer",
    "factuur_datum",
    "factuur_omschrijving",
    "factuur_bedrag",
    "factuur_open",
)
ENTRY_FIELDS = (  # in the order of EntryRow's fields after pk
    "contract_id",
    "kind",
    "category",
    "amount",
    "due_date",
    "booking_date",
    "linked_entry_id",
    "description",
    "source_id",
)
NOT_PRINCIPAL = {InvoiceCategory.COLLECTION_COSTS, InvoiceCategory.INTEREST}
CATEGORY_LABELS = dict(InvoiceCategory.choices)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """The columns of a ledger entry a message shows. Read as plain rows, not model instances: each message
    has years of entries behind it, and building a model per entry was a fifth of a sending worker's time."""

    pk: int
    contract_id: int
    kind: str
    category: str
    amount: Decimal
    due_date: date
    booking_date: date
    linked_entry_id: int | None
    description: str
    source_id: str

    def category_label(self) -> str:
        return str(CATEGORY_LABELS.get(self.category, self.category))


@dataclass(frozen=True)
class OpenItem:
    due_date: date
    description: str
    amount: Decimal
    open_amount: Decimal
    category: str = ""


@dataclass
class MessageData:
    values: dict[str, str]
    open_items: list[OpenItem] = field(default_factory=list)
    principal: Decimal = ZERO
    costs: Decimal = ZERO
    stated_costs: Decimal = ZERO  # the costs the 14-day letter's sentence names (over the principal)
    brand: dict[str, str] = field(default_factory=dict)
    address_lines: list[str] = field(default_factory=list)
    qr: dict | None = None
    voice_values: dict[str, str] = field(default_factory=dict)
    language: str = "nl"  # the language of the template's text (Dutch when the tenant's had none)
    # A legal text in another language: the corporation's Dutch text and its Dutch sentences, shown beside it.
    legal_nl: dict | None = None


def brand_of(corporation: Corporation) -> dict[str, str]:
    return {
        "name": corporation.name,
        "sender": corporation.sender_name or corporation.name,
        "primary": corporation.primary_colour,
        "accent": corporation.accent_colour,
        "street": corporation.street,
        "postcode": corporation.postcode,
        "city": corporation.city,
        "phone": corporation.phone,
        "website": corporation.website,
        "iban": corporation.iban,
        "email": corporation.sender_email,
    }


def _open_items(entries: list[EntryRow], as_of: date) -> list[OpenItem]:
    # The category decides the order of art. 6:44 BW (costs, then interest, then principal): without it a
    # payment would be shown on the rent while the ledger allocated it to the costs.
    opened = open_amounts(
        [Entry(e.pk, e.kind, e.amount, e.due_date, e.linked_entry_id, e.category) for e in entries]
    )
    items = [
        OpenItem(
            e.due_date,
            e.description or e.category_label() or e.source_id,
            e.amount,
            opened[e.pk],
            e.category,
        )
        for e in entries
        if opened.get(e.pk, ZERO) > 0 and e.due_date < as_of
    ]
    return sorted(items, key=lambda item: item.due_date)


def _invoice_values(message: OutgoingMessage, entries: list[EntryRow], language: str) -> dict[str, str]:
    """The invoice an invoice-copy notice is about (the message's ledger entry)."""
    values = dict.fromkeys(INVOICE_PLACEHOLDERS, "")
    entry = next((e for e in entries if message.ledger_entry_id and e.pk == message.ledger_entry_id), None)
    if entry is None:
        return values
    opened = open_amounts(
        [Entry(e.pk, e.kind, e.amount, e.due_date, e.linked_entry_id, e.category) for e in entries]
    )
    return {
        "factuur_nummer": entry.source_id,
        "factuur_datum": written_date(entry.booking_date, language),
        "factuur_omschrijving": entry.description or entry.category_label(),
        "factuur_bedrag": format_euro(entry.amount),
        "factuur_open": format_euro(opened.get(entry.pk, ZERO)),
    }


def _portal_link(message: OutgoingMessage, tenant: Tenant | None) -> str:
    # A letter is kept for months and may be read by others: it prints the address and the access code.
    # E-mail and SMS carry the tenant's own signed link, which expires.
    if tenant is None or message.channel == "letter":
        return links.portal_link()
    return links.portal_personal_link(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)


def _campaign_link(message: OutgoingMessage, tenant: Tenant | None) -> str:
    # The same personal link, landing on the campaign's question instead of the overview.
    link = _portal_link(message, tenant)
    return link if tenant is None or message.channel == "letter" else f"{link}?naar=campagne"


def _languages_and_dutch_legal_texts(
    messages: list[OutgoingMessage], corporation: Corporation
) -> tuple[dict[int, str], dict[tuple[str, str, str], dict[str, str]]]:
    """Template id -> language, and the Dutch legal texts (code, channel, tone) that translated legal
    messages carry beside them. Two queries for any number of messages."""
    languages = dict(
        MessageTemplate.objects.filter(pk__in={m.template_id for m in messages if m.template_id}).values_list(
            "pk", "language"
        )
    )
    legal = {m.template_code for m in messages if m.template_code in LEGAL_TEMPLATE_CODES}
    if not legal or all(languages.get(m.template_id or 0, "nl") == "nl" for m in messages):
        return languages, {}
    dutch: dict[tuple[str, str, str], dict[str, str]] = {
        (code, channel, tone): {"subject": subject, "body_text": body_text}
        for code, channel, tone, subject, body_text in MessageTemplate.objects.filter(
            corporation=corporation, code__in=legal, language="nl"
        ).values_list("code", "channel", "tone", "subject", "body_text")
    }
    return languages, dutch


def message_data_bulk(
    messages: Iterable[OutgoingMessage], *, corporation: Corporation, as_of: date
) -> dict[int, MessageData]:
    messages = list(messages)
    tenant_ids = {m.tenant_id for m in messages if m.tenant_id}
    contract_ids = {m.contract_id for m in messages if m.contract_id}
    tenants = {t.pk: t for t in Tenant.objects.filter(pk__in=tenant_ids)}
    contracts = {c.pk: c for c in Contract.objects.filter(pk__in=contract_ids).select_related("unit")}
    entries: dict[int, list[EntryRow]] = defaultdict(list)
    # Only what the open items and an invoice copy show: a contract has years of entries behind each message.
    for row in (
        LedgerEntry.objects.filter(contract_id__in=contract_ids)
        .order_by("due_date", "pk")
        .values_list("pk", *ENTRY_FIELDS)
    ):
        entry = EntryRow(*row)
        entries[entry.contract_id].append(entry)
    arrangements = arrangements_by_contract(contract_ids)
    promises = promises_by_contract(contract_ids)
    disputes = disputes_by_contract(contract_ids)
    brand = brand_of(corporation)
    formal = formal_codes()
    address_corporation = f"{corporation.street}, {corporation.postcode} {corporation.city}".strip(", ")
    languages, dutch_legal = _languages_and_dutch_legal_texts(messages, corporation)
    result: dict[int, MessageData] = {}
    for message in messages:
        tenant = tenants.get(message.tenant_id) if message.tenant_id else None
        contract = contracts.get(message.contract_id) if message.contract_id else None
        contract_entries = entries.get(message.contract_id, []) if message.contract_id else []
        items = _open_items(contract_entries, as_of)
        principal = sum((i.open_amount for i in items if i.category not in NOT_PRINCIPAL), ZERO)
        open_costs = sum(
            (i.open_amount for i in items if i.category == InvoiceCategory.COLLECTION_COSTS), ZERO
        )
        balance = sum((e.amount for e in contract_entries), ZERO)
        # A 14-day letter names the principal its step planned (the items in verzuim that day), or less when
        # part was paid since; the costs it states are the WIK fee over that, without VAT (in-house letter).
        legal = message.template_code in LEGAL_TEMPLATE_CODES
        stated_principal = principal
        if legal and message.amount is not None:
            stated_principal = min(message.amount, principal)
        stated_costs = collection_costs(stated_principal) if stated_principal > 0 else ZERO
        legal_channel = "email" if message.channel == "email" else "letter"
        language = languages.get(message.template_id or 0, "nl")
        costs = stated_costs if legal else (message.costs or open_costs or stated_costs)
        amount = message.amount if message.amount is not None else principal
        payment_reference = contract.payment_reference if contract else ""
        values = {
            "aanhef": salutation(
                tenant,
                tone="u" if message.template_code in formal else message.tone,
                recipient=message.recipient,
                name=message.recipient_name,
                language=language,
            ),
            "naam": message.recipient_name or (tenant.display_name if tenant else ""),
            "voornaam": (tenant.first_name if tenant else "") or message.recipient_name,
            "contractnummer": contract.source_id if contract else "",
            "adres_woning": f"{contract.unit.address_line}, {contract.unit.city}" if contract else "",
            "achterstand": format_euro(principal),
            "saldo": format_euro(balance),
            "bedrag": format_euro(amount),
            "incassokosten": format_euro(costs),
            "totaal_met_kosten": format_euro(principal + costs),
            "oudste_vervaldatum": written_date(items[0].due_date, language) if items else "",
            "datum": written_date(as_of, language),
            "termijn_veertien_dagen": term_wording(legal_channel, language),
            "gevolgen_niet_betalen": costs_notice(stated_principal, channel=legal_channel, language=language)
            if stated_principal > 0
            else "",
            "betaallink": links.payment_link(message.code),
            "portaallink": _portal_link(message, tenant),
            "campagnelink": _campaign_link(message, tenant),
            "toegangscode": links.access_code(tenant.pk) if tenant else "",
            # Only the message that carries a one-time code to sign has one (kept until it is sent).
            "eenmalige_code": str((message.render_data or {}).get("eenmalige_code", "")),
            "iban": corporation.iban,
            "betalingskenmerk": payment_reference,
            "corporatie": corporation.name,
            "afzender": corporation.sender_name or corporation.name,
            "telefoon": corporation.phone,
            "email_corporatie": corporation.sender_email,
            "website": corporation.website,
            "adres_corporatie": address_corporation,
            "open_posten": "",
            "qr_code": "",
            **arrangement_values(arrangements.get(message.contract_id or 0), contract, language),
            **_invoice_values(message, contract_entries, language),
        }
        promise = promises.get(message.contract_id or 0)
        values["belofte_datum"] = written_date(promise.promised_date, language) if promise else ""
        values["belofte_bedrag"] = format_euro(promise.amount) if promise else ""
        dispute = disputes.get(message.contract_id or 0)
        values["geschil_soort"] = dispute.category.name if dispute else ""
        values["geschil_termijn"] = written_date(dispute.deadline, language) if dispute else ""
        voice_values = values | {
            "achterstand": spoken_euro(principal, language),
            "saldo": spoken_euro(balance, language),
            "bedrag": spoken_euro(amount, language),
            "incassokosten": spoken_euro(costs, language),
            "totaal_met_kosten": spoken_euro(principal + costs, language),
        }
        qr = None
        if corporation.iban and principal > 0:
            qr = {
                "name": corporation.name[:70],
                "iban": corporation.iban.replace(" ", ""),
                "bic": corporation.bic,
                "amount": str(principal + (open_costs or ZERO)),
                "text": f"Kenmerk {payment_reference}" if payment_reference else values["contractnummer"],
                "reference_label": payment_reference,
            }
        legal_nl = None
        dutch = dutch_legal.get((message.template_code, message.channel, message.tone)) or dutch_legal.get(
            (message.template_code, message.channel, "u")
        )
        if legal and language != "nl" and dutch is not None:
            legal_nl = {
                "subject": dutch["subject"],
                "body_text": dutch["body_text"],
                "values": {
                    "aanhef": salutation(
                        tenant, tone="u", recipient=message.recipient, name=message.recipient_name
                    ),
                    "termijn_veertien_dagen": term_wording_nl(legal_channel),
                    # The Dutch text beside a translation names its dates in Dutch too.
                    "datum": written_date(as_of),
                    "oudste_vervaldatum": written_date(items[0].due_date) if items else "",
                    "gevolgen_niet_betalen": values["gevolgen_niet_betalen"]
                    and costs_notice_nl(stated_principal, channel=legal_channel),
                },
            }
        result[message.pk] = MessageData(
            values=values,
            open_items=items,
            principal=stated_principal if legal else principal,
            costs=costs,
            stated_costs=stated_costs,
            brand=brand,
            address_lines=[line for line in message.address.splitlines() if line.strip()],
            qr=qr,
            voice_values=voice_values,
            language=language,
            legal_nl=legal_nl,
        )
    return result
