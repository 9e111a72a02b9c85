# Turkish texts keep their own letters (the dotless i): the ambiguity is intended.
# ruff: noqa: RUF001
"""Letters as PDF with typst: `letter.typ` lays out one or many letters from JSON (sys.inputs), so a
print batch is a single compile of the same inputs the single letters were made from.

The layout follows NEN 1026 for window envelopes: the address window is 20 mm from the left and 50 mm from
the top, 90 x 45 mm. Text reaches typst as strings only, never as markup, so a tenant's name cannot inject
typst code.
"""

import io
import json
import os
import re
import threading
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import segno
import typst

LETTER_DIR = Path(__file__).parent
_local = threading.local()


def _forget_compiler_after_fork() -> None:
    """A typst compiler made before a fork (a worker's parent that rendered a letter) relies on threads the
    child does not have, and the child's first letter would wait for them forever: the child makes its own."""
    global _local
    _local = threading.local()


os.register_at_fork(after_in_child=_forget_compiler_after_fork)
PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
RTL_LANGUAGES = frozenset({"ar"})
# The fixed words of the layout, in the language of the letter's text. "legal_note" (in the letter's language)
# and "legal_heading"/"legal_note_nl" (in Dutch) introduce the Dutch text a translated legal letter carries.
LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "date": "Datum",
        "contract": "Contractnummer",
        "reference": "Ons kenmerk",
        "due": "Vervaldatum",
        "description": "Omschrijving",
        "amount": "Bedrag",
        "open": "Nog open",
        "total_open": "Totaal open",
        "pay": "Betalen",
        "scan": "Scan de QR-code met de app van uw bank.",
        "payment_reference": "Betalingskenmerk",
        "payment_link": "Betaallink",
        "closing": "Met vriendelijke groet,",
        "page": "Pagina",
        "of": "van",
        "legal_note": "",
        "legal_note_email": "",
    },
    "en": {
        "date": "Date",
        "contract": "Contract number",
        "reference": "Our reference",
        "due": "Due date",
        "description": "Description",
        "amount": "Amount",
        "open": "Still open",
        "total_open": "Total open",
        "pay": "Paying",
        "scan": "Scan the QR code with your banking app.",
        "payment_reference": "Payment reference",
        "payment_link": "Payment link",
        "closing": "Kind regards,",
        "page": "Page",
        "of": "of",
        "legal_note": "This letter is a translation. The Dutch text at the end of this letter is the one that "
        "counts.",
        "legal_note_email": "This message is a translation. The Dutch text at the end of this message is the one that counts.",
    },
    "tr": {
        "date": "Tarih",
        "contract": "Sözleşme numarası",
        "reference": "Referansımız",
        "due": "Son ödeme tarihi",
        "description": "Açıklama",
        "amount": "Tutar",
        "open": "Kalan",
        "total_open": "Toplam kalan",
        "pay": "Ödeme",
        "scan": "QR kodunu bankanızın uygulamasıyla okutun.",
        "payment_reference": "Ödeme referansı",
        "payment_link": "Ödeme bağlantısı",
        "closing": "Saygılarımızla,",
        "page": "Sayfa",
        "of": "/",
        "legal_note": "Bu mektup bir çeviridir. Geçerli olan, bu mektubun sonundaki Hollandaca metindir.",
        "legal_note_email": "Bu mesaj bir çeviridir. Geçerli olan, bu mesajın sonundaki Hollandaca metindir.",
    },
    "ar": {
        "date": "التاريخ",
        "contract": "رقم العقد",
        "reference": "مرجعنا",
        "due": "تاريخ الاستحقاق",
        "description": "الوصف",
        "amount": "المبلغ",
        "open": "المتبقي",
        "total_open": "إجمالي المتبقي",
        "pay": "الدفع",
        "scan": "امسح رمز QR بتطبيق البنك الخاص بك.",
        "payment_reference": "مرجع الدفع",
        "payment_link": "رابط الدفع",
        "closing": "مع أطيب التحيات،",
        "page": "صفحة",
        "of": "من",
        "legal_note": "هذه الرسالة ترجمة. النص الهولندي في نهاية هذه الرسالة هو النص المعتمد.",
        "legal_note_email": "هذا البريد ترجمة. النص الهولندي في نهاية هذا البريد هو النص المعتمد.",
    },
    "pl": {
        "date": "Data",
        "contract": "Numer umowy",
        "reference": "Nasz znak",
        "due": "Termin płatności",
        "description": "Opis",
        "amount": "Kwota",
        "open": "Pozostało",
        "total_open": "Razem do zapłaty",
        "pay": "Płatność",
        "scan": "Zeskanuj kod QR w aplikacji swojego banku.",
        "payment_reference": "Tytuł płatności",
        "payment_link": "Link do płatności",
        "closing": "Z poważaniem,",
        "page": "Strona",
        "of": "z",
        "legal_note": "Ten list jest tłumaczeniem. Wiążący jest tekst niderlandzki na końcu tego listu.",
        "legal_note_email": "Ta wiadomość jest tłumaczeniem. Wiążący jest tekst niderlandzki na końcu tej wiadomości.",
    },
}
LEGAL_HEADING_NL = "Nederlandse tekst van deze brief"
LEGAL_NOTE_NL = "Deze brief is vertaald. De Nederlandse tekst hieronder is de tekst die geldt."
LEGAL_HEADING_EMAIL_NL = "Nederlandse tekst van dit bericht"
LEGAL_NOTE_EMAIL_NL = "Dit bericht is vertaald. De Nederlandse tekst hieronder is de tekst die geldt."


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["nl"])


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


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
        # Letters laid out before they had a language (kept on older messages) are Dutch.
        letter.setdefault("lang", "nl")
        letter.setdefault("dir", direction(letter["lang"]))
        letter.setdefault("labels", labels(letter["lang"]))
        legal = letter.get("legal")
        for block in letter["blocks"] + (legal["blocks"] if legal else []):
            if block["kind"] == "payment":
                block["qr_svg"] = epc_qr_svg(block["qr_payload"])
    data = json.dumps({"title": title, "brand": brand, "letters": letters}, ensure_ascii=False)
    pdf = _compiler().compile(sys_inputs={"data": data})
    assert isinstance(pdf, bytes)
    return pdf


def page_count(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))
