"""A report's rows and totals as CSV, XLSX and JSON: the same figures as the page, in the same order.

Every text cell is formula-safe: a spreadsheet never evaluates what a tenant's address or a template's name
holds. In CSV a text starting with = + - @ or a tab/return gets a leading apostrophe (OWASP's advice); in
XLSX text cells are typed as text, so nothing is a formula, and amounts are numbers.
"""

import csv
import io
import json
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from vangnet.reports.base import ReportResult

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("json", "csv", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NUMBER_FORMATS = {"amount": "#,##0.00", "percent": "0.00", "count": "0"}


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _table(result: ReportResult) -> tuple[list[str], list[list[Any]]]:
    """The header and the rows, the total last, as the page shows them."""
    header = [str(result.dimension.label)] + [str(column.label) for column in result.columns]
    body = [[row["label"]] + [row.get(column.key) for column in result.columns] for row in result.rows]
    total_label = "Totaal" if result.dimension.key != "month" else "Laatste maand"
    body.append([total_label] + [result.totals.get(column.key) for column in result.columns])
    return header, body


def report_csv(result: ReportResult) -> bytes:
    header, body = _table(result)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([safe_text(cell) for cell in header])
    for row in body:
        writer.writerow(
            ["" if cell is None else safe_text(cell) if isinstance(cell, str) else str(cell) for cell in row]
        )
    # A byte-order mark: Excel opens UTF-8 CSV with the right characters only when it sees one.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(result: ReportResult) -> bytes:
    header, body = _table(result)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(result.title)[:31]
    kinds = ["text"] + [column.kind for column in result.columns]
    for column_index, value in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column_index)
        _text(cell, value)
        cell.font = Font(bold=True)
    for row_index, row in enumerate(body, start=2):
        for column_index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
                cell.value = value
                cell.number_format = NUMBER_FORMATS.get(kinds[column_index - 1], "General")
            elif value is not None:
                _text(cell, str(value))
        if row_index == len(body) + 1:
            for cell in sheet[row_index]:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(cell: Any, value: str) -> None:
    # Assigning a string starting with "=" makes openpyxl write a formula; typing it as text afterwards
    # stores the characters as they are.
    cell.value = value
    cell.data_type = TYPE_STRING


def report_json(result: ReportResult) -> bytes:
    return json.dumps(result.as_json(), ensure_ascii=False).encode("utf-8")


def report_export(result: ReportResult, export_format: str) -> bytes:
    return {"json": report_json, "csv": report_csv, "xlsx": report_xlsx}[export_format](result)
