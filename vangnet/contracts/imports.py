"""Lettings as a CSV file from the allocation system (docs/contracts.md, "Import"): one row per candidate,
semicolon- or comma-separated, UTF-8. The file is checked whole: one bad row rejects it with every problem
(row, field, reason) and nothing is written."""

import csv
import datetime as dt
import io

from django.db import transaction
from django.utils.translation import gettext

from vangnet.contracts.models import Letting
from vangnet.contracts.services.letting import letting_create, letting_problems
from vangnet.core.audit import Actor
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation

COLUMNS = (
    "kenmerk",
    "persoon_id",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "email",
    "mobiel",
    "geboortedatum",
    "eenheid",
    "ingangsdatum",
    "huur",
    "servicekosten",
    "waarborgsom",
)
REQUIRED = ("kenmerk", "persoon_id", "achternaam", "email", "eenheid", "ingangsdatum", "huur")
FIELD_OF = {
    "reference": "kenmerk",
    "person.id": "persoon_id",
    "person.last_name": "achternaam",
    "person.email": "email",
    "person.birth_date": "geboortedatum",
    "unit_id": "eenheid",
    "start_date": "ingangsdatum",
    "rent": "huur",
    "service_costs": "servicekosten",
    "deposit": "waarborgsom",
}


def _amount(text: str) -> str:
    return (
        (text or "").strip().replace(".", "").replace(",", ".")
        if "," in (text or "")
        else (text or "").strip()
    )


def _row_values(row: dict[str, str]) -> dict:
    return {
        "reference": row.get("kenmerk", ""),
        "person": {
            "id": row.get("persoon_id", "").strip(),
            "first_name": row.get("voornaam", "").strip(),
            "name_prefix": row.get("tussenvoegsel", "").strip(),
            "last_name": row.get("achternaam", "").strip(),
            "email": row.get("email", "").strip(),
            "phone_mobile": row.get("mobiel", "").strip(),
            "birth_date": row.get("geboortedatum", "").strip() or None,
        },
        "unit_id": row.get("eenheid", ""),
        "start_date": row.get("ingangsdatum", ""),
        "rent": _amount(row.get("huur", "")),
        "service_costs": _amount(row.get("servicekosten", "")) or "0",
        "deposit": _amount(row.get("waarborgsom", "")) or "0",
    }


def lettings_import(*, corporation: Corporation, data: bytes, as_of: dt.date, actor: Actor) -> list[Letting]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        reason = gettext("Het bestand is geen UTF-8-tekst.")
        raise ApplicationError(
            reason, extra={"errors": [{"row": 0, "field": "", "reason_nl": reason}]}
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    errors: list[dict] = []
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        errors.append(
            {
                "row": 1,
                "field": ", ".join(missing),
                "reason_nl": gettext("Deze kolommen ontbreken in de kopregel."),
            }
        )
        raise ApplicationError(gettext("Het bestand is afgewezen."), extra={"errors": errors})
    rows = [_row_values(row) for row in reader]
    seen: set[str] = set()
    for number, values in enumerate(rows, start=2):
        problems, _clean = letting_problems(corporation=corporation, as_of=as_of, **values)
        reference = values["reference"].strip()
        if reference in seen:
            problems["reference"] = gettext("Dit kenmerk staat twee keer in het bestand.")
        seen.add(reference)
        errors.extend(
            {"row": number, "field": FIELD_OF.get(field, field), "reason_nl": reason}
            for field, reason in problems.items()
        )
    if not rows:
        errors.append({"row": 0, "field": "", "reason_nl": gettext("Het bestand heeft geen regels.")})
    if errors:
        raise ApplicationError(gettext("Het bestand is afgewezen."), extra={"errors": errors})
    with transaction.atomic():
        return [
            letting_create(corporation=corporation, as_of=as_of, actor=actor, channel="api", **values)
            for values in rows
        ]
