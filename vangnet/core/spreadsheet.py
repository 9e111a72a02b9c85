"""Writing files a spreadsheet may open (CSV, XLSX) so that no cell is ever run as a formula.

A tenant chooses their own name and address on the portal, and an ERP import brings whatever its users
typed. Opened in Excel or LibreOffice, a cell that starts with = + - @ (or a tab or carriage return
before one) is a formula: `=HYPERLINK(...)` or a DDE call runs on the colleague's computer. Every text
cell of every export goes through `safe_cell`: such a cell gets a leading apostrophe (OWASP's advice; the
spreadsheet shows the text as typed), and control characters (line breaks, tabs, NUL, ...) become a space,
so one cell can never split a row or hide a second line. Numbers stay numbers: a negative amount such as
-12.50 is data, not a formula.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from vangnet.core.text import CONTROL_CHARACTER

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet must receive it: numbers and dates as they are, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    text = str(value)
    cleaned = CONTROL_CHARACTER.sub(" ", text)
    # Checked before and after cleaning: "\t=..." and " =..." open as formulas in some spreadsheets.
    starts_like_formula = text.startswith(FORMULA_STARTS) or cleaned.lstrip().startswith(FORMULA_STARTS)
    if starts_like_formula and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + cleaned
    return cleaned


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def csv_text(*, header: Sequence[str], rows: Iterable[Iterable[Any]], delimiter: str = ";") -> str:
    """A CSV file (the Dutch spreadsheet's `;`) whose every cell went through safe_cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue()
