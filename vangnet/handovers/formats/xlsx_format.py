"""XLSX (openpyxl): a sheet "Overdrachten" with the agency's columns and a sheet "Posten" with every open
item. Amounts are numbers, so the agency can add them up."""

import io
from decimal import Decimal

from openpyxl import Workbook

from vangnet.handovers.dossiers import Dossier
from vangnet.handovers.formats.base import ExportContext, ExportedFile, ExportFormat
from vangnet.handovers.formats.columns import ITEM_HEADER, columns_of, item_rows

AMOUNT_HEADERS = {"bedrag", "open", "incassokosten", "rente", "nog_open"}


def _cell(header: str, value: str) -> object:
    return Decimal(value) if header in AMOUNT_HEADERS and value else value


class XlsxFormat(ExportFormat):
    code = "xlsx"
    label = "Excel (XLSX)"

    def files(self, dossiers: list[Dossier], context: ExportContext) -> list[ExportedFile]:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Overdrachten"
        columns = columns_of(context.agency.columns)
        headers = [header for header, _ in columns]
        sheet.append(headers)
        for d in dossiers:
            sheet.append([_cell(header, value(d)) for header, value in columns])
        items = book.create_sheet("Posten")
        items.append(ITEM_HEADER)
        for row in item_rows(dossiers):
            items.append([_cell(header, value) for header, value in zip(ITEM_HEADER, row, strict=True)])
        out = io.BytesIO()
        book.save(out)
        return [
            ExportedFile(
                f"{context.stem}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                out.getvalue(),
            )
        ]
