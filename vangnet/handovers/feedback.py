"""Reading an agency's feedback (docs/handovers.md): the CSV file or the API's rows become checked lines, or
every error found, with the row, the field, the value and the reason in Dutch and English. Pure: it reads
no database and no clock; the caller passes the hand-overs the agency holds and the day.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vangnet.handovers.models import Stage

COLUMNS = ["contract_id", "datum", "soort", "bedrag", "kenmerk", "stadium", "ontruimingsdatum", "toelichting"]
REQUIRED = ["contract_id", "datum", "soort"]
KINDS = {
    "betaling": "payment",
    "kosten": "costs",
    "stadium": "stage",
    "afgesloten": "closed",
}
AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ROWS = 20000


@dataclass(frozen=True)
class FeedbackError:
    row: int
    field: str
    value: str
    reason_nl: str
    reason_en: str

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "reason_nl": self.reason_nl,
            "reason_en": self.reason_en,
        }


@dataclass(frozen=True)
class FeedbackLine:
    row: int
    contract_id: str
    on: date
    kind: str  # payment | costs | stage | closed
    amount: Decimal | None
    reference: str
    stage: str
    eviction_on: date | None
    note: str


class FeedbackRejected(Exception):
    def __init__(self, errors: list[FeedbackError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def rows_from_csv(content: bytes) -> list[dict[str, str]]:
    """The rows of a feedback CSV (semicolon or comma, UTF-8 with or without BOM) as dicts by column name."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedbackRejected(
            [FeedbackError(0, "", "", "het bestand is geen UTF-8-tekst", "the file is not UTF-8 text")]
        ) from None
    if not text.strip():
        raise FeedbackRejected([FeedbackError(0, "", "", "het bestand is leeg", "the file is empty")])
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    errors = [
        FeedbackError(1, name, "", f"kolom '{name}' ontbreekt", f"column '{name}' is missing")
        for name in missing
    ] + [
        FeedbackError(1, name, name, f"onbekende kolom '{name}'", f"unknown column '{name}'")
        for name in unknown
    ]
    if errors:
        raise FeedbackRejected(errors)
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        rows.append(dict(zip(header, (value.strip() for value in values), strict=False)))
    return rows


def _date(raw: str, row: int, field: str, errors: list[FeedbackError], *, as_of: date) -> date | None:
    if not DATE.match(raw):
        errors.append(FeedbackError(row, field, raw, "datum als JJJJ-MM-DD", "date as YYYY-MM-DD"))
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        errors.append(FeedbackError(row, field, raw, "deze datum bestaat niet", "this date does not exist"))
        return None
    if field == "datum" and value > as_of:
        errors.append(FeedbackError(row, field, raw, "datum ligt in de toekomst", "date is in the future"))
    return value


def parse_lines(rows: list[dict[str, str]], *, open_contracts: set[str], as_of: date) -> list[FeedbackLine]:
    """Checks every row; raises FeedbackRejected with every error, or returns the lines. Rows are numbered as
    in the file (the header is row 1). `open_contracts` are the contract ids this agency holds."""
    errors: list[FeedbackError] = []
    if not rows:
        raise FeedbackRejected(
            [FeedbackError(0, "", "", "het bestand heeft geen regels", "the file has no rows")]
        )
    if len(rows) > MAX_ROWS:
        raise FeedbackRejected(
            [FeedbackError(0, "", str(len(rows)), f"hoogstens {MAX_ROWS} regels", f"at most {MAX_ROWS} rows")]
        )
    lines, references = [], set()
    for number, raw in enumerate(rows, start=2):
        row = {name: str(raw.get(name) or "").strip() for name in COLUMNS}
        before = len(errors)
        contract_id, kind_raw = row["contract_id"], row["soort"].lower()
        if not contract_id:
            errors.append(FeedbackError(number, "contract_id", "", "verplicht", "required"))
        elif contract_id not in open_contracts:
            errors.append(
                FeedbackError(
                    number,
                    "contract_id",
                    contract_id,
                    "geen lopende overdracht aan deze partner",
                    "no open hand-over to this agency",
                )
            )
        on = _date(row["datum"], number, "datum", errors, as_of=as_of)
        kind = KINDS.get(kind_raw)
        if kind is None:
            errors.append(
                FeedbackError(
                    number,
                    "soort",
                    row["soort"],
                    f"kies uit {', '.join(KINDS)}",
                    "one of betaling (payment), kosten (costs), stadium (stage), afgesloten (closed)",
                )
            )
        amount = None
        if kind in ("payment", "costs"):
            if not AMOUNT.match(row["bedrag"]) or Decimal(row["bedrag"]) <= 0:
                errors.append(
                    FeedbackError(
                        number,
                        "bedrag",
                        row["bedrag"],
                        "een bedrag boven 0 met een punt, zoals 125.50",
                        "an amount above 0 with a decimal point, such as 125.50",
                    )
                )
            else:
                amount = Decimal(row["bedrag"]).quantize(Decimal("0.01"))
        reference = row["kenmerk"]
        if kind == "payment":
            if not reference:
                errors.append(
                    FeedbackError(
                        number, "kenmerk", "", "verplicht bij een betaling", "required for a payment"
                    )
                )
            elif len(reference) > 40:
                errors.append(
                    FeedbackError(
                        number, "kenmerk", reference, "hoogstens 40 tekens", "at most 40 characters"
                    )
                )
            elif reference in references:
                errors.append(
                    FeedbackError(
                        number,
                        "kenmerk",
                        reference,
                        "staat twee keer in het bestand",
                        "appears twice in the file",
                    )
                )
            references.add(reference)
        stage, eviction_on = row["stadium"].lower(), None
        if kind == "stage":
            if stage not in Stage.values:
                errors.append(
                    FeedbackError(
                        number,
                        "stadium",
                        row["stadium"],
                        f"kies uit {', '.join(Stage.values)}",
                        f"one of {', '.join(Stage.values)}",
                    )
                )
            elif stage == Stage.EVICTION:
                if not row["ontruimingsdatum"]:
                    errors.append(
                        FeedbackError(
                            number,
                            "ontruimingsdatum",
                            "",
                            "verplicht bij stadium ontruiming",
                            "required for stage ontruiming",
                        )
                    )
                else:
                    eviction_on = _date(
                        row["ontruimingsdatum"], number, "ontruimingsdatum", errors, as_of=as_of
                    )
        if len(row["toelichting"]) > 500:
            errors.append(
                FeedbackError(
                    number,
                    "toelichting",
                    row["toelichting"][:40],
                    "hoogstens 500 tekens",
                    "at most 500 characters",
                )
            )
        if len(errors) == before and on is not None and kind is not None:
            lines.append(
                FeedbackLine(
                    number, contract_id, on, kind, amount, reference, stage, eviction_on, row["toelichting"]
                )
            )
    if errors:
        raise FeedbackRejected(errors)
    return lines
