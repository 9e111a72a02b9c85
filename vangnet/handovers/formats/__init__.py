"""The registry of hand-over export formats: one module per format behind `ExportFormat` (base.py).

The export service, `vangnet handover_export`, the agency form's choices and the back office read it;
adding a format is a module and one line here (docs/handovers.md).
"""

from vangnet.handovers.formats.base import ExportContext, ExportedFile, ExportFormat
from vangnet.handovers.formats.csv_format import CsvFormat
from vangnet.handovers.formats.json_format import JsonFormat
from vangnet.handovers.formats.pdf_format import PdfFormat
from vangnet.handovers.formats.xlsx_format import XlsxFormat

FORMATS: dict[str, ExportFormat] = {f.code: f for f in (CsvFormat(), XlsxFormat(), PdfFormat(), JsonFormat())}


def format_for(code: str) -> ExportFormat:
    return FORMATS[code]


def format_choices() -> list[tuple[str, str]]:
    return [(f.code, f.label) for f in FORMATS.values()]


__all__ = ["FORMATS", "ExportContext", "ExportFormat", "ExportedFile", "format_choices", "format_for"]
