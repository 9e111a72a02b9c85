"""VERA-shaped JSON read as canonical import rows: one JSON array per VERA entity, streamed with ijson.

VERA is the Dutch housing sector's data standard (Aedes-datastandaarden/vera-openapi 4.3). Objects follow
the embedded shapes of the chain processes BRG (Relatie), BOG (Huurovereenkomst), INC (Betalingsregeling)
and the Financien domain (Boeking); references may be key objects ({"id": ...}) or plain key strings.
What VERA cannot express travels in VERA's own extension mechanism, `extra-attributen`, under names that
start with "vangnet." (for example the bank's return code of a storno). Promises have no VERA entity:
beloften.json uses a small VERA-styled shape of our own. docs/import-format.md has the full mapping.

Like every source this one only reads. A reference-data code it cannot map is passed on unchanged, so the
importer's validation rejects it naming the field, the value and the allowed values; this module never
guesses. What cannot be passed on that way (a malformed file, an unknown price component) is a SourceError
that names the file, the object's number in its array and the field.
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import ijson

from vangnet.core import clock
from vangnet.core.channels import ChannelKind
from vangnet.ledger.importing.schema import ENTITIES, LANGUAGES, Entity
from vangnet.ledger.importing.sources import SourceError

Obj = dict[str, Any]
Row = dict[str, str]

# Which canonical entities each VERA file feeds. The order of the files is the order of their entities.
VERA_FILES: dict[str, tuple[str, ...]] = {
    "relaties.json": ("tenants",),
    "eenheden.json": ("units",),
    "overeenkomsten.json": ("contracts", "contract_tenants"),
    "boekingen.json": ("ledger_entries",),
    "betalingsregelingen.json": ("arrangements", "arrangement_installments"),
    "beloften.json": ("promises",),
}
FILE_OF = {entity: file for file, entities in VERA_FILES.items() for entity in entities}

EXTENSION_PREFIX = "vangnet."
# Canonical columns VERA has no field for, settable per object through extra-attributen. The
# administrator columns are here too because many ERPs keep the bewindvoerder as text on the tenant.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "relaties.json": (
        "tone",
        "no_voice_calls",
        "no_sms",
        "no_email",
        "paper_only",
        "administrator_name",
        "administrator_email",
        "administrator_phone",
        "administrator_address",
        "administrator_since",
        "administrator_until",
        "debt_counselling_since",
        "debt_counselling_until",
        "wsnp_since",
        "wsnp_until",
    ),
    "eenheden.json": (),
    "overeenkomsten.json": ("payment_reference",),
    "boekingen.json": ("linked_entry_id", "reversal_reason"),
    "betalingsregelingen.json": (),
    "beloften.json": (),
}
BOOLEAN_EXTENSIONS = {"no_voice_calls", "no_sms", "no_email", "paper_only"}
DATE_EXTENSIONS = {
    name for names in EXTENSIONS.values() for name in names if name.endswith(("_since", "_until"))
}
TRUE_WORDS = {"1", "true", "ja", "j", "yes", "y"}
FALSE_WORDS = {"0", "false", "nee", "n", "no"}

# Reference data (VERA referentiedata soort in the comment). Codes not listed pass through unchanged.
RELATION_KINDS = {"NAT": "person", "REC": "organisation"}  # RELATIESOORT
ISO_639_3 = {"nld": "nl", "eng": "en", "tur": "tr", "ara": "ar", "pol": "pl"}  # voorkeurstaal (TAAL)
CHANNELS = {  # CONTACTGEGEVENSOORT
    "EMA": ChannelKind.EMAIL.value,
    "MOB": ChannelKind.SMS.value,
    "TEL": ChannelKind.PHONE.value,
    "POS": ChannelKind.LETTER.value,
}
UNIT_KINDS = {"WOO": "dwelling", "PAR": "parking", "BED": "business", "MOG": "business"}  # EENHEIDSOORT
PAYMENT_METHODS = {  # BETAALWIJZESOORT
    "INC": "direct_debit",
    "OVB": "transfer",
    "HND": "transfer",
    "ONL": "ideal_link",
    "MAI": "ideal_link",
}
ARRANGEMENT_STATUSES = {  # BETALINGSREGELINGSTATUS
    "AAN": "requested",
    "ACT": "active",
    "BEV": "active",
    "BEE": "completed",
    "ANN": "cancelled",
    "VER": "cancelled",
}
PROMISE_STATUSES = {"OPE": "open", "NAK": "kept", "NNK": "broken", "ANN": "cancelled"}  # Vangnet's own
CONTRACT_ROLES = {"HUU": "main", "MDH": "co"}  # RELATIEROLSOORT
ADMINISTRATOR_ROLE = "BWI"  # RELATIEROLSOORT Bewindvoerder
ADMINISTRATOR_SIGNAL = "BEW"  # SIGNALERINGDETAILSOORT Bewindvoerder
ADDRESS_PREFERENCE = ("FAC", "POS", "WOO")  # RELATIEADRESSOORT: where financial mail goes comes first
COMPLEX_CLUSTER = "FIN"  # CLUSTERSOORT Financieel: the "complex" of Dutch corporations' administration
RENT_COMPONENTS = {"NET", "PAR", "HUA"}  # PRIJSCOMPONENTSOORT
SERVICE_COMPONENTS = {"SER", "VER", "DIE"}
ONE_OFF_COMPONENTS = {"EEN"}
# BOEKINGDETAILSOORT codes that decide the kind whatever the BOEKINGSOORT says.
DETAIL_KINDS = {"STO": "reversal", "AFB": "write_off", "CRE": "correction"}
PAYMENT_SOORT = "ONT"  # BOEKINGSOORT Ontvangst
INVOICE_CATEGORIES = {"PRO": "rent", "EVN": "rent", "FAC": "other", "EIN": "final_settlement"}
INVOICE_CATEGORY_BY_SOORT = {"OHD": "repair", "SKS": "service_costs"}  # refines FAC
SIZE_ONLY_KINDS = ("payment", "reversal", "write_off", "correction")  # the sign follows from the kind
PROVISIONAL = "VRL"  # BOEKINGSTATUS Voorlopig: may still change, and ledger entries never do

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CENT = Decimal("0.01")


class Invalid(Exception):
    """An object that cannot be mapped; the streaming loop adds the file and the object's number."""

    def __init__(self, field: str, reason_nl: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.field = field
        self.reason_nl = reason_nl
        self.reason_en = reason_en


# --- values --------------------------------------------------------------------------------------------


def text(value: Any, field: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | Decimal | float):
        return str(value)
    raise Invalid(field, "verwacht tekst, geen object of lijst", "expected text, not an object or array")


def amount(value: Any, field: str = "") -> str:
    """812.5 becomes 812.50; more than two decimals is passed on as is for the importer to reject."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    elif isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        try:
            cents = value.quantize(CENT)
        except InvalidOperation:
            return f"{value:f}"
        return f"{cents:f}" if cents == value else f"{value:f}"
    return text(value, field)


def day(value: Any, field: str = "") -> str:
    """YYYY-MM-DD; a VERA date-time is taken on the Dutch calendar (…T22:00:00Z is the next day here)."""
    raw = text(value, field)
    if DATE.fullmatch(raw) or "T" not in raw:
        return raw
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return raw
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TIME)
    return moment.date().isoformat()


def code(value: Any, field: str = "") -> str:
    """The code of a Referentiedata object; a bare string is accepted as the code itself."""
    if isinstance(value, dict):
        return text(value.get("code"), f"{field}.code")
    return text(value, field)


def key(value: Any, field: str = "") -> str:
    """An object's or reference's key: VERA's `id` (the sender's primary key), else its `code`."""
    if isinstance(value, dict):
        return text(value.get("id"), f"{field}.id") or text(value.get("code"), f"{field}.code")
    return text(value, field)


def name(value: Any, field: str = "") -> str:
    """The name of a Woonplaats, Gemeente, Buurt or Cluster; a bare string is the name itself."""
    if isinstance(value, dict):
        return text(value.get("naam"), f"{field}.naam")
    return text(value, field)


def mapped(value: Any, table: dict[str, str], field: str) -> str:
    found = code(value, field)
    return table.get(found, found)


def sub(obj: Obj, field: str) -> Obj:
    value = obj.get(field)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(field, "verwacht een object", "expected an object")
    return value


def items(obj: Obj, field: str) -> list[Obj]:
    value = obj.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(field, "verwacht een lijst", "expected an array")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise Invalid(f"{field}[{index}]", "verwacht een object", "expected an object")
    return value


def applies_on(obj: Obj, on: str) -> bool:
    """Whether begindatum ≤ on ≤ einddatum, both optional; einddatum is read as the last day it applies."""
    start, end = day(obj.get("begindatum"), "begindatum"), day(obj.get("einddatum"), "einddatum")
    return (not start or start <= on) and (not end or on <= end)


def extensions(obj: Obj, allowed: tuple[str, ...]) -> Row:
    """The object's vangnet.* extra-attributen as canonical columns; other extra-attributen are not ours."""
    found: Row = {}
    for index, attribute in enumerate(items(obj, "extra-attributen")):
        label = text(attribute.get("naam"), f"extra-attributen[{index}].naam")
        if not label.startswith(EXTENSION_PREFIX):
            continue
        column = label.removeprefix(EXTENSION_PREFIX)
        if column not in allowed:
            options = ", ".join(EXTENSION_PREFIX + a for a in allowed) or "geen / none"
            raise Invalid(
                f"extra-attributen[{index}].naam",
                f"onbekend attribuut {label}; toegestaan: {options}",
                f"unknown attribute {label}; allowed: {options}",
            )
        value = text(attribute.get("waarde"), f"extra-attributen[{index}].waarde")
        if column in BOOLEAN_EXTENSIONS:
            lowered = value.lower()
            value = "1" if lowered in TRUE_WORDS else "0" if lowered in FALSE_WORDS else value
        elif column in DATE_EXTENSIONS:
            value = day(value)
        found[column] = value
    return found


# --- relaties -------------------------------------------------------------------------------------------


def role_codes(relation: Obj) -> set[str]:
    return {code(role.get("soort"), "rollen.soort") for role in items(relation, "rollen")}


def is_tenant(relation: Obj) -> bool:
    """Huurders and medehuurders; a relatie without roles counts too, one with only other roles does not."""
    roles = role_codes(relation)
    return not roles or bool(roles & CONTRACT_ROLES.keys())


def contacts(relation: Obj) -> Row:
    """The first value per CONTACTGEGEVENSOORT (EMA, MOB, TEL, ...), in the order the ERP lists them."""
    found: Row = {}
    for item in items(relation, "contactgegevens"):
        kind = code(item.get("soort"), "contactgegevens.soort")
        value = text(item.get("waarde"), "contactgegevens.waarde")
        if kind and value and kind not in found:
            found[kind] = value
    return found


def preferred_address(relation: Obj, on: str) -> Obj:
    """The current RelatieAdres's adres, FAC before POS before WOO before others; the ERP's order breaks ties."""
    listed = items(relation, "adressen")
    current = [a for a in listed if applies_on(a, on)] or listed

    def rank(item: Obj) -> int:
        kind = code(item.get("soort"), "adressen.soort")
        return ADDRESS_PREFERENCE.index(kind) if kind in ADDRESS_PREFERENCE else len(ADDRESS_PREFERENCE)

    best = min(current, key=rank, default={})
    return sub(best, "adres")


def suffix(address: Obj) -> str:
    """huisletter A and huisnummerToevoeging 2 make "A-2", as in Lindelaan 14A-2."""
    letter = text(address.get("huisletter"), "adres.huisletter")
    addition = text(address.get("huisnummerToevoeging"), "adres.huisnummerToevoeging")
    return "-".join(part for part in (letter, addition) if part)


def address_columns(address: Obj) -> Row:
    """An Eenheidadres, Postadres (Postbus 1234) or BuitenlandsAdres (adresregel1) as address columns."""
    box = text(address.get("postbusnummer"), "adres.postbusnummer")
    return {
        "street": text(address.get("straatnaam"), "adres.straatnaam")
        or text(address.get("adresregel1"), "adres.adresregel1")
        or ("Postbus" if box else ""),
        "house_number": text(address.get("huisnummer"), "adres.huisnummer") or box,
        "house_number_suffix": suffix(address),
        "postcode": text(address.get("postcode"), "adres.postcode"),
        "city": name(address.get("woonplaats"), "adres.woonplaats"),
        "country": code(address.get("land"), "adres.land"),
    }


def one_line(address: Obj) -> str:
    """Oudegracht 200, 3511 NR Utrecht; Lindelaan 14A-2, 3523 KL Utrecht; Postbus 1234, 3500 BE Utrecht."""
    columns = address_columns(address)
    number = columns["house_number"] + text(address.get("huisletter"))
    addition = text(address.get("huisnummerToevoeging"))
    number = f"{number}-{addition}" if number and addition else number or addition
    street = " ".join(p for p in (columns["street"], number) if p)
    place = " ".join(p for p in (columns["postcode"], columns["city"]) if p)
    return ", ".join(p for p in (street, place) if p)


def display_name(relation: Obj) -> str:
    if code(relation.get("soort"), "soort") == "REC":
        return text(relation.get("naam"), "naam")
    parts = (
        text(relation.get("voorletters"), "voorletters") or text(relation.get("initialen"), "initialen"),
        text(relation.get("tussenvoegsels"), "tussenvoegsels"),
        text(relation.get("achternaam"), "achternaam"),
    )
    return " ".join(p for p in parts if p) or text(relation.get("naam"), "naam")


def administrators_of(relation: Obj, on: str) -> Iterator[tuple[str, Row]]:
    """(tenant key, administrator columns) for every BWI role this relatie holds on behalf of a tenant."""
    for index, role in enumerate(items(relation, "rollen")):
        if code(role.get("soort"), f"rollen[{index}].soort") != ADMINISTRATOR_ROLE:
            continue
        tenant = key(role.get("rolRelatie"), f"rollen[{index}].rolRelatie")
        if not tenant:
            raise Invalid(
                f"rollen[{index}].rolRelatie",
                "bewindvoerder zonder rolRelatie (de huurder)",
                "bewindvoerder without rolRelatie (the tenant)",
            )
        reach = contacts(relation)
        yield (
            tenant,
            {
                "administrator_name": display_name(relation),
                "administrator_email": reach.get("EMA", ""),
                "administrator_phone": reach.get("TEL") or reach.get("MOB", ""),
                "administrator_address": one_line(preferred_address(relation, on)),
                "administrator_since": day(role.get("begindatum"), f"rollen[{index}].begindatum"),
                "administrator_until": day(role.get("einddatum"), f"rollen[{index}].einddatum"),
            },
        )


def administration_signal(relation: Obj) -> Row:
    """Dates of a Signalering 'Bewindvoerder', for tenants whose bewindvoerder is not a relatie of its own."""
    for index, signal in enumerate(items(relation, "signaleringen")):
        if code(signal.get("detailSoort"), f"signaleringen[{index}].detailSoort") == ADMINISTRATOR_SIGNAL:
            return {
                "administrator_since": day(signal.get("begindatum"), f"signaleringen[{index}].begindatum"),
                "administrator_until": day(signal.get("einddatum"), f"signaleringen[{index}].einddatum"),
            }
    return {}


def language(relation: Obj) -> str:
    found = code(relation.get("voorkeurstaal"), "voorkeurstaal")
    lowered = found.lower()
    if lowered in ISO_639_3:
        return ISO_639_3[lowered]
    return lowered if lowered in LANGUAGES else found


def tenant_rows(relation: Obj, on: str, administrators: dict[str, Row]) -> list[Row]:
    if not is_tenant(relation):
        return []
    kind = mapped(relation.get("soort"), RELATION_KINDS, "soort")
    reach = contacts(relation)
    row: Row = {
        "tenant_id": key(relation, "id"),
        "kind": kind,
        "initials": text(relation.get("voorletters"), "voorletters")
        or text(relation.get("initialen"), "initialen"),
        "first_name": text(relation.get("roepnaam"), "roepnaam")
        or text(relation.get("voornaam"), "voornaam"),
        "name_prefix": text(relation.get("tussenvoegsels"), "tussenvoegsels"),
        "last_name": text(relation.get("achternaam"), "achternaam"),
        "organisation_name": text(relation.get("naam"), "naam") if kind == "organisation" else "",
        "birth_date": day(relation.get("geboortedatum"), "geboortedatum"),
        "deceased_on": day(relation.get("overlijdensdatum"), "overlijdensdatum"),
        "language": language(relation),
        "email": reach.get("EMA", ""),
        "phone_mobile": reach.get("MOB", ""),
        "phone_home": reach.get("TEL", ""),
        "preferred_channel": mapped(relation.get("communicatievoorkeur"), CHANNELS, "communicatievoorkeur"),
        **address_columns(preferred_address(relation, on)),
    }
    row.update(administrators.get(row["tenant_id"]) or administration_signal(relation))
    row.update(extensions(relation, EXTENSIONS["relaties.json"]))
    return [row]


# --- eenheden -------------------------------------------------------------------------------------------


def complex_cluster(unit: Obj) -> Obj:
    clusters = items(unit, "clusters")
    financial = [c for c in clusters if code(c.get("soort"), "clusters.soort") == COMPLEX_CLUSTER]
    return (financial or clusters or [{}])[0]


def unit_rows(unit: Obj) -> list[Row]:
    address = sub(unit, "adres")
    cluster = complex_cluster(unit)
    columns = address_columns(address)
    del columns["country"]
    row: Row = {
        "unit_id": key(unit, "id"),
        "kind": mapped(unit.get("soort"), UNIT_KINDS, "soort"),
        **columns,
        "municipality": name(address.get("gemeente"), "adres.gemeente"),
        "neighbourhood": name(address.get("buurt"), "adres.buurt"),
        "complex_code": text(cluster.get("code"), "clusters.code") or text(cluster.get("id"), "clusters.id"),
        "complex_name": text(cluster.get("naam"), "clusters.naam"),
    }
    row.update(extensions(unit, EXTENSIONS["eenheden.json"]))
    return [row]


# --- overeenkomsten -------------------------------------------------------------------------------------


def reference_day(contract: Obj, today: str) -> str:
    """Today, clamped into the contract's period: an ended contract keeps the rent it ended with."""
    start, end = day(contract.get("begindatum"), "begindatum"), day(contract.get("einddatum"), "einddatum")
    on = max(today, start) if start else today
    return min(on, end) if end else on


def monthly_amounts(contract: Obj, on: str) -> tuple[str, str]:
    """(monthly_rent, monthly_service_costs) from the prijscomponenten that apply on the day.

    Of components with the same soort, detailSoort and naam only the latest applies, so a price change
    whose old and new component overlap on the boundary day is not counted twice.
    """
    latest: dict[tuple[str, str, str], tuple[Obj, Decimal]] = {}
    for index, component in enumerate(items(contract, "prijscomponenten")):
        field = f"prijscomponenten[{index}]"
        kind = code(component.get("soort"), f"{field}.soort")
        if kind not in RENT_COMPONENTS | SERVICE_COMPONENTS | ONE_OFF_COMPONENTS:
            known = ", ".join(sorted(RENT_COMPONENTS | SERVICE_COMPONENTS | ONE_OFF_COMPONENTS))
            raise Invalid(
                f"{field}.soort",
                f"onbekende prijscomponentsoort '{kind}'; bekend: {known}",
                f"unknown prijscomponentsoort '{kind}'; known: {known}",
            )
        if kind in ONE_OFF_COMPONENTS or not applies_on(component, on):
            continue
        value = component.get("bedrag")
        if not isinstance(value, int | Decimal) or isinstance(value, bool):
            raise Invalid(f"{field}.bedrag", "bedrag is geen getal", "amount is not a number")
        detail = code(component.get("detailSoort"), f"{field}.detailSoort")
        slot = (kind, detail, text(component.get("naam"), f"{field}.naam"))
        start = day(component.get("begindatum"), f"{field}.begindatum")
        if slot not in latest or day(latest[slot][0].get("begindatum")) <= start:
            latest[slot] = (component, Decimal(value))
    rent = [value for (kind, _, _), (_, value) in latest.items() if kind in RENT_COMPONENTS]
    service = [value for (kind, _, _), (_, value) in latest.items() if kind in SERVICE_COMPONENTS]
    return (amount(sum(rent)) if rent else ""), (amount(sum(service)) if service else "")


def payment_way(contract: Obj, on: str) -> Obj:
    """The betaalwijze that applies on the day (else the latest), from betaalwijzen or the older betaalwijze."""
    listed = items(contract, "betaalwijzen")
    if not listed and contract.get("betaalwijze") is not None:
        listed = [sub(contract, "betaalwijze")]
    current = [b for b in listed if applies_on(b, on)] or listed
    # max keeps the first of equals, so with equal begindatum the ERP's first betaalwijze wins.
    return max(current, key=lambda b: day(b.get("begindatum"), "betaalwijzen.begindatum"), default={})


def due_day(way: Obj) -> str:
    """INCASSOMOMENT 001-031 is the day of the month; 29-31 pass on for the importer to reject."""
    moment = code(way.get("incassomoment"), "betaalwijzen.incassomoment")
    return str(int(moment)) if moment.isdigit() else moment


def contract_rows(contract: Obj, on_today: str) -> list[Row]:
    on = reference_day(contract, on_today)
    rent, service = monthly_amounts(contract, on)
    way = payment_way(contract, on)
    mandate = sub(way, "incassomachtiging")
    units = items(contract, "eenheden")
    row: Row = {
        "contract_id": key(contract, "id"),
        # A verzamelovereenkomst lists several eenheden; the first is the one the rent is for.
        "unit_id": key(units[0], "eenheden[0]") if units else "",
        "start_date": day(contract.get("begindatum"), "begindatum"),
        "end_date": day(contract.get("einddatum"), "einddatum"),
        "monthly_rent": rent,
        "monthly_service_costs": service,
        "payment_method": mapped(way.get("soort"), PAYMENT_METHODS, "betaalwijzen.soort"),
        "due_day": due_day(way),
        "mandate_id": text(mandate.get("machtigingsnummer"), "incassomachtiging.machtigingsnummer"),
        "mandate_date": day(mandate.get("afgiftedatum"), "incassomachtiging.afgiftedatum"),
        "debit_iban": text(sub(way, "betaalgegeven").get("iban"), "betaalgegeven.iban"),
    }
    row.update(extensions(contract, EXTENSIONS["overeenkomsten.json"]))
    return [row]


def contract_tenant_rows(contract: Obj) -> list[Row]:
    rows: list[Row] = []
    for index, relation in enumerate(items(contract, "relaties")):
        roles = role_codes(relation)
        if roles and not roles & CONTRACT_ROLES.keys():
            continue  # a bewindvoerder, betaler or contactpersoon on the contract is not a tenant
        rows.append(
            {
                "contract_id": key(contract, "id"),
                "tenant_id": key(relation, f"relaties[{index}]"),
                "role": "main" if "HUU" in roles or not roles else "co",
            }
        )
    return rows


# --- boekingen, betalingsregelingen, beloften -----------------------------------------------------------


def entry_kind(booking: Obj) -> tuple[str, str]:
    """(kind, category) from BOEKINGSOORT and BOEKINGDETAILSOORT; an unmapped code is passed on as the kind."""
    soort = code(booking.get("soort"), "soort")
    detail = code(booking.get("detailSoort"), "detailSoort")
    if detail in DETAIL_KINDS:
        return DETAIL_KINDS[detail], ""
    if soort == PAYMENT_SOORT:
        return "payment", ""
    if detail in INVOICE_CATEGORIES:
        category = INVOICE_CATEGORIES[detail]
        if detail == "FAC":
            category = INVOICE_CATEGORY_BY_SOORT.get(soort, category)
        return "invoice", category
    return detail or soort, ""


def entry_amount(booking: Obj, kind: str) -> str:
    """Receipts, storno's and write-offs keep their size whatever sign the ERP uses; a creditnota is negative.

    An invoice keeps its sign: a negative one is a credit the ERP should book as CRE, and the importer says so.
    """
    value = booking.get("bedrag")
    if kind in SIZE_ONLY_KINDS and isinstance(value, int | Decimal) and not isinstance(value, bool):
        size = abs(Decimal(value))
        return amount(-size if kind == "correction" and size else size)
    return amount(value, "bedrag")


def ledger_rows(booking: Obj) -> list[Row]:
    if code(booking.get("status"), "status") == PROVISIONAL:
        return []
    kind, category = entry_kind(booking)
    row: Row = {
        "entry_id": key(booking, "id"),
        "contract_id": key(booking.get("overeenkomst"), "overeenkomst"),
        "kind": kind,
        "category": category,
        "booking_date": day(booking.get("boekdatum"), "boekdatum"),
        "due_date": day(booking.get("vervaldatum"), "vervaldatum"),
        "amount": entry_amount(booking, kind),
        "payment_reference": text(booking.get("betalingskenmerk"), "betalingskenmerk"),
        "description": text(booking.get("omschrijving"), "omschrijving"),
    }
    row.update(extensions(booking, EXTENSIONS["boekingen.json"]))
    return [row]


def arrangement_rows(arrangement: Obj) -> list[Row]:
    row: Row = {
        "arrangement_id": key(arrangement, "id"),
        "contract_id": key(arrangement.get("overeenkomst"), "overeenkomst"),
        "status": mapped(arrangement.get("status"), ARRANGEMENT_STATUSES, "status"),
        "agreed_on": day(arrangement.get("afspraakdatum"), "afspraakdatum"),
        "start_date": day(arrangement.get("begindatum"), "begindatum"),
        "total_amount": amount(arrangement.get("bedrag"), "bedrag"),
    }
    row.update(extensions(arrangement, EXTENSIONS["betalingsregelingen.json"]))
    return [row]


def installment_rows(arrangement: Obj) -> list[Row]:
    """Termijnen in the order listed; the position is the sequence number."""
    return [
        {
            "arrangement_id": key(arrangement, "id"),
            "sequence": str(number),
            "due_date": day(term.get("vervaldatum"), f"termijnen[{number - 1}].vervaldatum")
            or day(term.get("datum"), f"termijnen[{number - 1}].datum"),
            "amount": amount(term.get("bedrag"), f"termijnen[{number - 1}].bedrag"),
        }
        for number, term in enumerate(items(arrangement, "termijnen"), start=1)
    ]


def promise_rows(promise: Obj) -> list[Row]:
    row: Row = {
        "promise_id": key(promise, "id"),
        "contract_id": key(promise.get("overeenkomst"), "overeenkomst"),
        "status": mapped(promise.get("status"), PROMISE_STATUSES, "status"),
        "made_on": day(promise.get("afspraakdatum"), "afspraakdatum"),
        "promised_date": day(promise.get("vervaldatum"), "vervaldatum"),
        "amount": amount(promise.get("bedrag"), "bedrag"),
    }
    row.update(extensions(promise, EXTENSIONS["beloften.json"]))
    return [row]


# --- the source -----------------------------------------------------------------------------------------


def first_line(exc: Exception) -> str:
    message = exc.args[0] if exc.args else str(exc)
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return str(message).strip().splitlines()[0] if str(message).strip() else type(exc).__name__


def open_array(fh: IO[bytes], file: str) -> None:
    """Position fh on the opening bracket: ijson would silently yield nothing for a top-level object."""
    if fh.read(3) != b"\xef\xbb\xbf":
        fh.seek(0)
    while True:
        char = fh.read(1)
        if not char:
            raise SourceError(file, "bestand is leeg", "file is empty")
        if char not in b" \t\r\n":
            break
    if char != b"[":
        raise SourceError(
            file,
            "verwacht een JSON-lijst van objecten: [ {...}, {...} ]",
            "expected a JSON array of objects: [ {...}, {...} ]",
        )
    fh.seek(fh.tell() - 1)


class VeraJsonSource:
    """A directory (or a list of files) holding VERA JSON files; absent files are simply not imported.

    Rows are numbered by the object's position in its JSON array (1 is the first object). A column that is
    empty for every object of a file is left out of the header, so the importer keeps what Vangnet already
    has there, exactly as when a CSV delivery omits that column.
    """

    format = "vera"

    def __init__(self, paths: list[Path], *, today: date | None = None) -> None:
        files: dict[str, Path] = {}
        for path in paths:
            candidates = sorted(path.glob("*.json")) if path.is_dir() else [path]
            for candidate in candidates:
                if candidate.name not in VERA_FILES:
                    expected = ", ".join(VERA_FILES)
                    raise SourceError(
                        candidate.name,
                        f"onbekend bestand; verwacht {expected}",
                        f"unknown file; expected {expected}",
                    )
                files[candidate.name] = candidate
        if not files:
            where = ", ".join(str(p) for p in paths)
            raise SourceError(where, "geen VERA JSON-bestanden gevonden", "no VERA JSON files found")
        self._files = files
        self._today = (today or clock.today()).isoformat()
        self._headers: dict[str, list[str]] = {}
        self._administrators: dict[str, Row] | None = None

    @property
    def file_names(self) -> list[str]:
        return [file for file in VERA_FILES if file in self._files]

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for file in self.file_names:
            digest.update(file.encode())
            with self._files[file].open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
        return digest.hexdigest()

    def entities(self) -> list[Entity]:
        return [e for e in ENTITIES if FILE_OF[e.name] in self._files]

    def file_for(self, entity: Entity) -> str:
        return FILE_OF[entity.name]

    def header(self, entity: Entity) -> list[str]:
        if entity.name not in self._headers:
            used = {c.name for c in entity.columns if c.required}
            for _, row in self._mapped(entity):
                used.update(column for column, value in row.items() if value)
            self._headers[entity.name] = [c.name for c in entity.columns if c.name in used]
        return self._headers[entity.name]

    def rows(self, entity: Entity) -> Iterator[tuple[int, list[str]]]:
        header = self.header(entity)
        for number, row in self._mapped(entity):
            yield number, [row.get(column, "") for column in header]

    def raw_csv(self, entity: Entity) -> IO[bytes] | None:
        return None

    # One VERA file feeds several entities; each entity streams its file once more.
    def _mapped(self, entity: Entity) -> Iterator[tuple[int, Row]]:
        administrators = self._administrator_index() if entity.name == "tenants" else {}
        mappers: dict[str, Callable[[Obj], Iterable[Row]]] = {
            "tenants": lambda o: tenant_rows(o, self._today, administrators),
            "units": unit_rows,
            "contracts": lambda o: contract_rows(o, self._today),
            "contract_tenants": contract_tenant_rows,
            "ledger_entries": ledger_rows,
            "arrangements": arrangement_rows,
            "arrangement_installments": installment_rows,
            "promises": promise_rows,
        }
        yield from self._each(FILE_OF[entity.name], mappers[entity.name])

    def _administrator_index(self) -> dict[str, Row]:
        """Bewindvoerders are relaties of their own: one pass collects them per tenant before tenants map."""
        if self._administrators is None:
            found: dict[str, Row] = {}
            for _, (tenant, columns) in self._each(
                "relaties.json", lambda o: administrators_of(o, self._today)
            ):
                current = found.get(tenant)
                if current is None or current["administrator_since"] <= columns["administrator_since"]:
                    found[tenant] = columns
            self._administrators = found
        return self._administrators

    def _each[T](self, file: str, mapper: Callable[[Obj], Iterable[T]]) -> Iterator[tuple[int, T]]:
        for number, obj in self._objects(file):
            try:
                results = list(mapper(obj))
            except Invalid as exc:
                raise SourceError(
                    file,
                    f"object {number}, veld {exc.field}: {exc.reason_nl}",
                    f"object {number}, field {exc.field}: {exc.reason_en}",
                ) from exc
            for result in results:
                yield number, result

    def _objects(self, file: str) -> Iterator[tuple[int, Obj]]:
        number = 0
        try:
            with self._files[file].open("rb") as fh:
                open_array(fh, file)
                for number, obj in enumerate(ijson.items(fh, "item"), start=1):
                    if not isinstance(obj, dict):
                        raise SourceError(
                            file,
                            f"object {number} is geen JSON-object",
                            f"object {number} is not a JSON object",
                        )
                    yield number, obj
        except ijson.JSONError as exc:
            raise SourceError(
                file,
                f"ongeldige JSON na object {number}: {first_line(exc)}",
                f"invalid JSON after object {number}: {first_line(exc)}",
            ) from exc
