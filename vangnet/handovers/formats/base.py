"""The base class of a hand-over export format: dossiers in, files out. One module per format, registered
once in `formats/__init__.py`; the export service, the command and the back office ask the registry."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date

from vangnet.handovers.dossiers import Dossier
from vangnet.handovers.models import Agency


@dataclass(frozen=True)
class ExportedFile:
    name: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class ExportContext:
    agency: Agency
    as_of: date
    corporation: str
    # The file name without extension, e.g. "overdracht-bureau-2026-12-03-7".
    stem: str
    # Per hand-over number, the 14-day letter as it was laid out when sent (for the PDF's proof).
    letters: dict[str, dict] = field(default_factory=dict)
    # The corporation's letterhead (vangnet.messaging.context.brand_of), for that letter.
    brand: dict = field(default_factory=dict)


class ExportFormat(ABC):
    code: str
    label: str

    @abstractmethod
    def files(self, dossiers: list[Dossier], context: ExportContext) -> list[ExportedFile]:
        """The files of one delivery to one agency."""
