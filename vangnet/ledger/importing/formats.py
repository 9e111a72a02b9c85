"""The ERP delivery formats, registered once. The `ingest` command's --format, the API's upload field
`format` and the name the back office shows for an import all come from here; a new format is a source
class and one line in FORMATS (docs/development/recipes.md)."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vangnet.ledger.importing.sources import CsvSetSource, ImportSource, RowsSource
from vangnet.ledger.importing.vera import VeraJsonSource


@dataclass(frozen=True)
class ImportFormat:
    code: str  # what ImportRun.source_format stores and --format / the API's `format` accept
    label: str | Promise  # how a colleague reads it in the back office
    # Builds the source from uploaded or local files; None for formats that do not come as files.
    from_files: Callable[[list[Path]], ImportSource] | None = None


FORMATS: dict[str, ImportFormat] = {
    f.code: f
    for f in (
        ImportFormat(CsvSetSource.format, _("CSV-bestanden"), CsvSetSource),
        ImportFormat(VeraJsonSource.format, _("VERA JSON"), VeraJsonSource),
        ImportFormat(RowsSource.format, _("rijen via de API")),
    )
}
# The formats a delivery of files may have; the first is the default.
FILE_FORMATS: tuple[str, ...] = tuple(code for code, f in FORMATS.items() if f.from_files is not None)
DEFAULT_FILE_FORMAT = FILE_FORMATS[0]


def file_source(code: str, paths: list[Path]) -> ImportSource:
    """The source that reads a delivery of files in format `code` (one of FILE_FORMATS)."""
    build = FORMATS[code].from_files
    if build is None:
        raise ValueError(f"{code!r} is not a file format; use one of {', '.join(FILE_FORMATS)}")
    return build(paths)


def format_label(code: str) -> str:
    """The format's name for people; a code no longer registered is shown as it was stored."""
    found = FORMATS.get(code)
    return str(found.label) if found is not None else code
