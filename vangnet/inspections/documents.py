"""The letters of terminations and home modifications as PDFs (typst, like the work order)."""

import json
import threading
from pathlib import Path

import typst

TEMPLATE = Path(__file__).parent / "letter.typ"
_local = threading.local()


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent))
        _local.compiler = compiler
    return compiler


def letter_pdf(data: dict) -> bytes:
    """`data`: title, corporation, address (lines), place_date, reference, greeting, paragraphs, rows
    ([label, amount]), total_label, total, closing (paragraphs), signature; all strings."""
    data = {"rows": [], "total_label": "", "total": "", "closing": [], **data}
    pdf = _compiler().compile(sys_inputs={"data": json.dumps(data, ensure_ascii=False)})
    assert isinstance(pdf, bytes)
    return pdf


def letter_text(data: dict) -> str:
    """The same letter as plain text, kept beside the PDF on the timeline (what the tenant was told)."""
    lines = [data["title"], data.get("reference", ""), "", data["greeting"], "", *data["paragraphs"]]
    if data.get("rows"):
        lines += ["", *(f"{label}: {amount}" for label, amount in data["rows"])]
        lines.append(f"{data['total_label']}: {data['total']}")
    lines += ["", *data.get("closing", []), "", data["signature"]]
    return "\n".join(lines).strip()
