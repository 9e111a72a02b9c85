"""JSON: the complete dossiers, the same shape the API gives an agency that pulls (docs/handovers.md)."""

import json

from vangnet.handovers.dossiers import Dossier
from vangnet.handovers.formats.base import ExportContext, ExportedFile, ExportFormat


class JsonFormat(ExportFormat):
    code = "json"
    label = "JSON"

    def files(self, dossiers: list[Dossier], context: ExportContext) -> list[ExportedFile]:
        document = {
            "corporation": context.corporation,
            "agency": context.agency.slug,
            "as_of": context.as_of.isoformat(),
            "handovers": dossiers,
        }
        content = json.dumps(document, ensure_ascii=False, indent=2).encode()
        return [ExportedFile(f"{context.stem}.json", "application/json", content)]
