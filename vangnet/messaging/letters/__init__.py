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
import segno.helpers
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


@lru_cache(maxsize=2048)
def epc_qr_svg(name: str, iban: str, amount: str, text: str, bic: str = "") -> str:
    """The EPC069-12 ("GiroCode") payment QR as SVG: error correction M, UTF-8, the text as remittance."""
    qr = segno.helpers.make_epc_qr(
        name=name, iban=iban, amount=Decimal(amount), text=text[:140], bic=bic or None
    )
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", border=0, xmldecl=False)
    return buffer.getvalue().decode()


def render_letters(letters: list[dict], *, brand: dict, title: str) -> bytes:
    data = json.dumps({"title": title, "brand": brand, "letters": letters}, ensure_ascii=False)
    pdf = _compiler().compile(sys_inputs={"data": data})
    assert isinstance(pdf, bytes)
    return pdf


def page_count(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))
