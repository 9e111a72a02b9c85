"""CSV: one row per hand-over with the agency's columns, and a second file with every open item.
Semicolon-separated, UTF-8 with a byte order mark so Excel shows accents right."""

import csv
import io

from vangnet.handovers.dossiers import Dossier
from vangnet.handovers.formats.base import ExportContext, ExportedFile, ExportFormat
from vangnet.handovers.formats.columns import ITEM_HEADER, columns_of, item_rows


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


class CsvFormat(ExportFormat):
    code = "csv"
    label = "CSV"

    def files(self, dossiers: list[Dossier], context: ExportContext) -> list[ExportedFile]:
        columns = columns_of(context.agency.columns)
        rows = [[header for header, _ in columns]] + [[value(d) for _, value in columns] for d in dossiers]
        return [
            ExportedFile(f"{context.stem}.csv", "text/csv", _csv(rows)),
            ExportedFile(f"{context.stem}-posten.csv", "text/csv", _csv([ITEM_HEADER, *item_rows(dossiers)])),
        ]
