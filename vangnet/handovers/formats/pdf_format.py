"""PDF (typst): one dossier document for the delivery, and per hand-over its 14-day letter exactly as it
was laid out when sent, as proof that the letter went out."""

import json
import threading
from pathlib import Path

import typst

from vangnet.handovers.dossiers import Dossier
from vangnet.handovers.formats.base import ExportContext, ExportedFile, ExportFormat
from vangnet.messaging import letters

TEMPLATE = Path(__file__).parent / "dossier.typ"
_local = threading.local()


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent))
        _local.compiler = compiler
    return compiler


def dossier_pdf(dossiers: list[Dossier], *, corporation: str, title: str) -> bytes:
    data = json.dumps({"title": title, "corporation": corporation, "dossiers": dossiers}, ensure_ascii=False)
    pdf = _compiler().compile(sys_inputs={"data": data})
    assert isinstance(pdf, bytes)
    return pdf


class PdfFormat(ExportFormat):
    code = "pdf"
    label = "PDF"

    def files(self, dossiers: list[Dossier], context: ExportContext) -> list[ExportedFile]:
        files = [
            ExportedFile(
                f"{context.stem}.pdf",
                "application/pdf",
                dossier_pdf(
                    dossiers, corporation=context.corporation, title=f"Overdracht aan {context.agency.name}"
                ),
            )
        ]
        for dossier in dossiers:
            render_data = context.letters.get(dossier["handover_id"])
            if render_data:
                proof = letters.render_letters([render_data], brand=context.brand, title="Veertiendagenbrief")
                files.append(
                    ExportedFile(
                        f"{context.stem}-{dossier['handover_id']}-veertiendagenbrief.pdf",
                        "application/pdf",
                        proof,
                    )
                )
        return files
