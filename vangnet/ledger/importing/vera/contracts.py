"""eenheden.json and overeenkomsten.json: units, contracts (rent, payment method) and who rents them."""

from decimal import Decimal

from vangnet.ledger.importing.vera.codes import (
    COMPLEX_CLUSTER,
    CONTRACT_ROLES,
    EXTENSIONS,
    ONE_OFF_COMPONENTS,
    PAYMENT_METHODS,
    RENT_COMPONENTS,
    SERVICE_COMPONENTS,
    UNIT_KINDS,
    Obj,
    Row,
)
from vangnet.ledger.importing.vera.relations import address_columns, role_codes
from vangnet.ledger.importing.vera.values import (
    Invalid,
    amount,
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
