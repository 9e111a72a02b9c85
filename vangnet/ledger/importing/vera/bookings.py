"""boekingen.json, betalingsregelingen.json and beloften.json: ledger entries, arrangements, promises."""

from decimal import Decimal

from vangnet.ledger.importing.vera.codes import (
    ARRANGEMENT_STATUSES,
    DETAIL_KINDS,
    EXTENSIONS,
    INVOICE_CATEGORIES,
    INVOICE_CATEGORY_BY_SOORT,
    PAYMENT_SOORT,
    PROMISE_STATUSES,
    PROVISIONAL,
    SIZE_ONLY_KINDS,
    Obj,
    Row,
)
from vangnet.ledger.importing.vera.values import amount, code, day, extensions, items, key, mapped, text


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
