"""The MT940 :86: field ("information to account owner") in the layouts of Dutch banks.

SWIFT leaves :86: free; each bank fills it its own way (reference/law-and-standards.md §3.4):
* ING structured:   /EREF/…//CNTP/iban/bic/name/city///REMI/USTD//text/  or  /REMI/STRD/CUR/kenmerk/, /RTRN/MS03/
* Rabobank:         /EREF/…/ORDP//NAME/…/ADDR/…/REMI/…/ISDT/… with /REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/kenmerk/;
                    the counter account is on the second :61: line
* ABN AMRO:         /TRTP/…/IBAN/…/BIC/…/NAME/…/REMI/…/EREF/…, structured ref as "ISSUER: CUR   REF: kenmerk";
                    older unstructured "SEPA IDEAL  IBAN: …  NAAM: …  KENMERK: …" and "GIRO 1234567 NAME" lines
* anything else:    the text is kept, plus a betalingskenmerk when it is labelled as one.
"""

import itertools
import re
from dataclasses import dataclass

from .values import clean, clean_reference, labelled_kenmerk, structured_reference

# :86: content lines are 65 characters; a full line wraps mid-word, a shorter one ends a line of text.
LINE_WIDTH = 65
BANKS_BY_CODE = {"INGB": "ing", "RABO": "rabobank", "ABNA": "abnamro"}

_COMMON = {"EREF", "PREF", "MARF", "CSID", "REMI", "RTRN", "PURP", "ULTD", "ULTC", "ULTB", "EXCH", "CHGS"}
_STRUCTURED_REF = {"CDTRREFTP", "CD", "ISSR", "CDTRREF"}
_KEYWORDS = {
    "ing": _COMMON | {"CNTP", "ORDP", "BENM", "IREF"},
    "rabobank": _COMMON
    | _STRUCTURED_REF
    | {"ORDP", "BENM", "NAME", "ADDR", "ID", "ISDT", "BUSP", "NRTX", "RTYP"},
    "abnamro": _COMMON
    | _STRUCTURED_REF
    | {"TRTP", "IBAN", "BIC", "NAME", "ORDP", "BENM", "ID", "ADDR", "BUSP"},
}
_KEYWORDS["generic"] = set().union(*_KEYWORDS.values())
_PATTERNS = {
    bank: re.compile("/(" + "|".join(sorted(words, key=len, reverse=True)) + ")/")
    for bank, words in _KEYWORDS.items()
}
_PARTIES = {"ORDP", "BENM", "ULTD", "ULTC", "ULTB"}
_ING_SHAPE = re.compile(r"/CNTP/|/REMI/(?:USTD|STRD)/")
_RABO_SHAPE = re.compile(r"/(?:ORDP|BENM)//|/CDTRREFTP/|/ISDT/")
_ABN_ISSUER = re.compile(r"ISSUER:\s*(\S+)\s+REF:\s*(.+)", re.IGNORECASE)
_ABN_LABELS = re.compile(
    r"(?<![A-Z.])(BETALINGSKENMERK|BETALINGSKENM\.?|OMSCHRIJVING|ID DEBITEUR|ID INCASSANT|MACHTIGING|INCASSANT"
    r"|KENMERK|IBAN|BIC|NAAM):\s*"
)
_GIRO = re.compile(r"GIRO\s+(\d{1,10})\s+(.+?)(?:\s{2,}|$)")
_DOTTED_ACCOUNT = re.compile(r"(\d{2}\.\d{2}\.\d{2}\.\d{3})\s+(.+?)(?:\s{2,}|$)")
_TRCD = re.compile(r"/TRCD/([^/]+)/?")
_ACCOUNT = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}|P?\d{1,10}")


@dataclass
class Details:
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    counterparty_bic: str | None = None
    remittance_text: str | None = None
    structured_reference: str | None = None
    end_to_end_id: str | None = None
    mandate_id: str | None = None
    return_reason: str | None = None
    batch_reference: str | None = None
    bank_code: str | None = None  # ING /TRCD/ or ABN /TRTP/: the bank's own transaction type
    reversal_hint: bool = False


def detect_bank(account: str, header_bic: str | None, reference: str) -> str | None:
    """The bank from the IBAN in :25:, else the sender's BIC in the header, else ABN's :20: literal."""
    if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z]{4}.*", account) and account[4:8] in BANKS_BY_CODE:
        return BANKS_BY_CODE[account[4:8]]
    if header_bic and header_bic[:4] in BANKS_BY_CODE:
        return BANKS_BY_CODE[header_bic[:4]]
    if "ABN AMRO" in reference.upper():
        return "abnamro"
    return None


def parse_details(bank: str | None, lines: list[str], supplementary: str, *, credit: bool) -> Details:
    """Read one :86: (its physical lines, tag removed) with the second :61: line for context."""
    glued = "".join(lines).strip()
    if bank is None:
        if glued.startswith("/TRTP/"):
            bank = "abnamro"
        elif _ING_SHAPE.search(glued):
            bank = "ing"
        elif _RABO_SHAPE.search(glued):
            bank = "rabobank"
    # ING wraps anywhere, even short of the line width ("MND" / "-" / "EV01"), so its lines are glued
    # back as-is; Rabobank and ABN AMRO wrap only full lines and start a new line for a new text line.
    flat = glued if bank == "ing" else unwrap(lines).strip()
    structured = flat.startswith("/")
    if bank == "abnamro" and not structured:
        details = _abn_unstructured(unwrap(lines))
    elif structured:
        details = _interpret(_split(flat, bank or "generic"), credit=credit)
    else:
        text = unwrap(lines)
        details = Details(remittance_text=clean(text), structured_reference=labelled_kenmerk(text))
    _apply_supplementary(details, supplementary)
    return details


def unwrap(lines: list[str]) -> str:
    """Free text: glue a full-width line to the next (wrapped mid-word), put a space after a shorter one."""
    text = lines[0] if lines else ""
    for previous, line in itertools.pairwise(lines):
        text += ("" if len(previous) >= LINE_WIDTH else " ") + line
    return text


def _split(flat: str, bank: str) -> list[tuple[str, str]]:
    """'/KEY/value/KEY2/value2' into pairs; only the dialect's own keywords split, so '/' in text survives."""
    matches = list(_PATTERNS[bank].finditer(flat))
    pairs = []
    for match, end in zip(matches, _ends(matches, len(flat)), strict=True):
        value = flat[match.end() : end]
        # ING closes every value with '/', which then reads as '//' before the next keyword.
        pairs.append((match.group(1), value.removesuffix("/")))
    return pairs


def _interpret(pairs: list[tuple[str, str]], *, credit: bool) -> Details:
    details = Details()
    parties: dict[str, dict[str, str]] = {}
    party: str | None = None
    reference: dict[str, str] = {}
    for key, value in pairs:
        if key in _PARTIES:
            party = key
            parties.setdefault(key, {})
        elif key in ("NAME", "ADDR", "ID") and party is not None:
            parties[party].setdefault(key, value)
        elif key == "NAME":
            details.counterparty_name = details.counterparty_name or clean(value)
        elif key == "IBAN":
            details.counterparty_iban = details.counterparty_iban or _account(value)
        elif key == "BIC":
            details.counterparty_bic = details.counterparty_bic or clean(value)
        elif key == "CNTP":
            iban, bic, name, *_ = [*value.split("/"), "", "", ""]
            details.counterparty_iban = _account(iban)
            details.counterparty_bic = clean(bic)
            details.counterparty_name = clean(name)
        elif key == "EREF":
            details.end_to_end_id = clean_reference(value)
        elif key == "PREF":
            details.batch_reference = clean_reference(value)
        elif key == "MARF":
            details.mandate_id = clean_reference(value)
        elif key == "RTRN":
            code = re.match(r"\s*([A-Z0-9]{2,4})", value.upper())
            details.return_reason = code.group(1) if code else clean(value)
        elif key == "TRTP":
            details.bank_code = clean(value)
            # ABN AMRO names a returned collection in the type ("… STORNO"), not always with a code.
            details.reversal_hint = "STORNO" in value.upper()
        elif key == "REMI":
            _remittance(details, value)
        elif key in ("CD", "ISSR", "CDTRREF"):
            reference.setdefault(key, value)
    if "CDTRREF" in reference:
        details.structured_reference = structured_reference(reference["CDTRREF"], reference.get("ISSR"))
    order = ("ORDP", "BENM") if credit else ("BENM", "ORDP")
    counterparty = next((parties[p] for p in order if parties.get(p, {}).get("NAME")), None)
    if counterparty and not details.counterparty_name:
        details.counterparty_name = clean(counterparty["NAME"])
    details.structured_reference = details.structured_reference or labelled_kenmerk(details.remittance_text)
    return details


def _remittance(details: Details, value: str) -> None:
    if value.startswith("USTD/"):  # ING: /REMI/USTD//text/
        details.remittance_text = clean(value.removeprefix("USTD/").removeprefix("/"))
    elif value.startswith("STRD/"):  # ING: /REMI/STRD/CUR/kenmerk/
        _, issuer, reference = [*value.split("/", 2), "", ""][:3]
        details.structured_reference = structured_reference(reference, issuer)
    elif abn := _ABN_ISSUER.search(value):  # ABN AMRO: ISSUER: CUR   REF: kenmerk
        details.structured_reference = structured_reference(abn.group(2), abn.group(1))
        details.remittance_text = clean(value)
    else:
        details.remittance_text = clean(value)


def _abn_unstructured(text: str) -> Details:
    labels = list(_ABN_LABELS.finditer(text))
    values: dict[str, str] = {}
    for label, end in zip(labels, _ends(labels, len(text)), strict=True):
        values.setdefault(label.group(1).rstrip("."), text[label.end() : end].strip())
    details = Details(
        counterparty_name=clean(values.get("NAAM")),
        counterparty_iban=_account(values.get("IBAN", "")),
        counterparty_bic=clean(values.get("BIC")),
        remittance_text=clean(values.get("OMSCHRIJVING")) or clean(text),
        end_to_end_id=clean_reference(values.get("KENMERK")),
        mandate_id=clean_reference(values.get("MACHTIGING")),
        structured_reference=labelled_kenmerk(text),
    )
    if labels and labels[0].start() > 0:
        details.bank_code = clean(text[: labels[0].start()])  # "SEPA IDEAL", "SEPA ACCEPTGIROBETALING"
    # Pre-SEPA lines: "GIRO  1234567 NAME" or "12.34.56.789 NAME" before the description.
    if old := _GIRO.match(text) or _DOTTED_ACCOUNT.match(text):
        details.counterparty_iban = old.group(1).replace(".", "")
        details.counterparty_name = clean(old.group(2))
    return details


def _apply_supplementary(details: Details, supplementary: str) -> None:
    """The second :61: line: ING's /TRCD/ code, or the counter account (Rabobank)."""
    if code := _TRCD.search(supplementary):
        details.bank_code = details.bank_code or code.group(1)
    elif (account := supplementary.strip().replace(" ", "").upper()) and _ACCOUNT.fullmatch(account):
        details.counterparty_iban = details.counterparty_iban or account


def _ends(matches: list[re.Match[str]], length: int) -> list[int]:
    """Where each match's value ends: at the next match, the last one at the end of the text."""
    return [following.start() for following in matches[1:]] + ([length] if matches else [])


def _account(value: str) -> str | None:
    return clean(value.replace(" ", "").upper()) or None
