"""relaties.json: tenants, their addresses and contact data, and their bewindvoerders."""

from collections.abc import Iterator

from vangnet.ledger.importing.schema import LANGUAGES
from vangnet.ledger.importing.vera.codes import (
    ADDRESS_PREFERENCE,
    ADMINISTRATOR_ROLE,
    ADMINISTRATOR_SIGNAL,
    CHANNELS,
    CONTRACT_ROLES,
    EXTENSIONS,
    ISO_639_3,
    RELATION_KINDS,
    Obj,
    Row,
)
from vangnet.ledger.importing.vera.values import (
    Invalid,
    applies_on,
    code,
    day,
    extensions,
    items,
    key,
    mapped,
    name,
    sub,
    text,
)


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
