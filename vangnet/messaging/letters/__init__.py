"""Letters as PDF with typst: `letter.typ` lays out one or many letters from JSON (sys.inputs), so a
print batch is a single compile of the same inputs the single letters were made from.

The layout follows NEN 1026 for window envelopes: the address window is 20 mm from the left and 50 mm from
the top, 90 x 45 mm. Text reaches typst as strings only, never as markup, so a tenant's name cannot inject
typst code.
"""

import io
import json
import re
import threading
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import segno
import typst

LETTER_DIR = Path(__file__).parent
_local = threading.local()
PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(str(LETTER_DIR / "letter.typ"), root=str(LETTER_DIR))
        _local.compiler = compiler
    return compiler


def epc_payload(*, name: str, iban: str, amount: Decimal, text: str, bic: str = "") -> str:
    """EPC069-12 version 002, UTF-8, SCT; the remittance as unstructured text (a Dutch betalingskenmerk is
    not an RF reference). Elements after the last used one are left out, as the standard requires."""
    if not Decimal("0.01") <= amount <= Decimal("999999999.99"):
        raise ValueError("EPC QR amount must be between 0.01 and 999999999.99")
    return "\n".join(
        [
            "BCD",
            "002",
            "1",
            "SCT",
            bic,
            name[:70],
            iban.replace(" ", ""),
            f"EUR{amount:.2f}",
            "",
            "",
            text[:140],
        ]
    )


@lru_cache(maxsize=4096)
def epc_qr_svg(payload: str) -> str:
    """The payment QR as SVG: error correction M (fixed by EPC069-12). The mask is fixed rather than
    searched: every mask is valid for a reader, and the search costs ten times the encoding."""
    qr = segno.make_qr(payload, error="m", boost_error=False, mask=0, encoding="utf-8")
    if qr.version > 13:  # type: ignore[operator]
        raise ValueError("EPC QR payload too long (QR version above 13)")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", border=0, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def render_letters(letters: list[dict], *, brand: dict, title: str) -> bytes:
    for letter in letters:
        for block in letter["blocks"]:
            if block["kind"] == "payment":
                block["qr_svg"] = epc_qr_svg(block["qr_payload"])
    data = json.dumps({"title": title, "brand": brand, "letters": letters}, ensure_ascii=False)
    pdf = _compiler().compile(sys_inputs={"data": data})
    assert isinstance(pdf, bytes)
    return pdf


def page_count(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))
