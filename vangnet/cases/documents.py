"""The work order as a PDF (typst, like the letters): only what the contractor needs to do the work."""

import json
import threading
from pathlib import Path

import typst

TEMPLATE = Path(__file__).parent / "work_order.typ"
_local = threading.local()


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent))
        _local.compiler = compiler
    return compiler


def work_order_pdf(data: dict[str, str]) -> bytes:
    """`data`: title, corporation, issued_on, number, case_number, contractor, address, problem, description,
    urgency, phone, photos, deadline, instructions (all strings)."""
    pdf = _compiler().compile(sys_inputs={"data": json.dumps(data, ensure_ascii=False)})
    assert isinstance(pdf, bytes)
    return pdf
