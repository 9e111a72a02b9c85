"""Reading VERA values (text, amounts, dates, codes, keys, sub-objects) as canonical column text."""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from vangnet.ledger.importing.vera.codes import (
    BOOLEAN_EXTENSIONS,
    CENT,
    DATE,
    DATE_EXTENSIONS,
    EXTENSION_PREFIX,
    FALSE_WORDS,
    LOCAL_TIME,
    TRUE_WORDS,
    Obj,
    Row,
)


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
