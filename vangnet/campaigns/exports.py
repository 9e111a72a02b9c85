"""A meter campaign's readings as CSV (semicolon, UTF-8 with BOM for Excel) or XLSX (openpyxl)."""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook

from vangnet.campaigns.selectors import EXPORT_COLUMNS

FORMATS = ("csv", "xlsx")


def rows_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_xlsx(rows: list[dict[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Meterstanden"  # type: ignore[union-attr]
    sheet.append(list(EXPORT_COLUMNS))  # type: ignore[union-attr]
    numeric = {"vorige_stand", "stand", "verbruik_m3"}
    for row in rows:
        sheet.append(  # type: ignore[union-attr]
            [Decimal(row[c]) if c in numeric and row[c] else row[c] for c in EXPORT_COLUMNS]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_bytes(rows: list[dict[str, str]], fmt: str) -> bytes:
    return rows_csv(rows) if fmt == "csv" else rows_xlsx(rows)
