"""Strict readers for the small values both formats share: amounts, dates, references, free text."""

import re
from datetime import date, datetime
from decimal import Decimal

from .base import ParseError

CENT = Decimal("0.01")

# ISO 20022 ActiveOrHistoricCurrencyAndAmount: at most 18 digits, at most 5 of them fractional, no sign
# (the direction is in CdtDbtInd), no thousands separators, no exponent.
_CAMT_AMOUNT = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,5})?")
# SWIFT MT amount: digits with a mandatory decimal comma, at most 15 characters in all.
_MT940_AMOUNT = re.compile(r"[0-9]+,[0-9]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
# Placeholders banks write where a reference is absent; storing them would make unrelated transactions
# look linked by a shared "reference".
_NO_REFERENCE = {"NOTPROVIDED", "NONREF", "NONE", "NOT PROVIDED"}
# A betalingskenmerk the payer or bank labelled as such inside free text ("BETALINGSKENM. 1234…").
_LABELLED_KENMERK = re.compile(r"BETALINGSKENM(?:ERK)?\.?:?\s*((?:\d\s?){7,16})(?!\d)", re.IGNORECASE)


def to_money(value: Decimal, *, line: int | None, raw: str) -> Decimal:
    """Two decimal places; an amount with significant fractions of a cent is a broken file, not rounding."""
    cents = value.quantize(CENT)
    if cents != value:
        raise ParseError(
            line=line,
            reason_en=f"amount {raw!r} has more than two decimals",
            reason_nl=f"bedrag {raw!r} heeft meer dan twee decimalen",
        )
    return cents


def parse_camt_amount(raw: str | None, *, line: int | None) -> Decimal:
    text = (raw or "").strip()
    if not _CAMT_AMOUNT.fullmatch(text):
        raise ParseError(
            line=line,
            reason_en=f"invalid amount {text!r} (expected digits with a decimal point, e.g. 123.45)",
            reason_nl=f"ongeldig bedrag {text!r} (verwacht cijfers met een decimale punt, bijv. 123.45)",
        )
    return to_money(Decimal(text), line=line, raw=text)


def parse_mt940_amount(raw: str, *, line: int | None) -> Decimal:
    if len(raw) > 15 or not _MT940_AMOUNT.fullmatch(raw):
        raise ParseError(
            line=line,
            reason_en=f"invalid amount {raw!r} (expected digits with a decimal comma, e.g. 123,45)",
            reason_nl=f"ongeldig bedrag {raw!r} (verwacht cijfers met een decimale komma, bijv. 123,45)",
        )
    whole, fraction = raw.split(",")
    return to_money(Decimal(f"{whole}.{fraction or '0'}"), line=line, raw=raw)


def parse_iso_date(raw: str | None, *, line: int | None) -> date:
    """camt Dt (YYYY-MM-DD) or the date part of DtTm; the date is kept as the bank wrote it (bank-local)."""
    text = (raw or "").strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise ParseError(
        line=line,
        reason_en=f"invalid date {text!r} (expected YYYY-MM-DD)",
        reason_nl=f"ongeldige datum {text!r} (verwacht JJJJ-MM-DD)",
    )


def parse_iso_datetime(raw: str | None, *, line: int | None) -> datetime:
    text = (raw or "").strip()
    if _ISO_DATE.fullmatch(text):
        try:
            # Python reads at most microseconds; some banks write nanoseconds.
            return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text))
        except ValueError:
            pass
    raise ParseError(
        line=line,
        reason_en=f"invalid date-time {text!r} (expected YYYY-MM-DDThh:mm:ss)",
        reason_nl=f"ongeldig tijdstip {text!r} (verwacht JJJJ-MM-DDTuu:mm:ss)",
    )


def parse_yymmdd(raw: str, *, line: int | None) -> date:
    """SWIFT YYMMDD. Years 80-99 are 19xx: MT940 predates 2000 and no bank file is 20 years ahead."""
    try:
        year = int(raw[:2])
        return date(1900 + year if year >= 80 else 2000 + year, int(raw[2:4]), int(raw[4:6]))
    except ValueError:
        raise ParseError(
            line=line,
            reason_en=f"invalid date {raw!r} (expected YYMMDD)",
            reason_nl=f"ongeldige datum {raw!r} (verwacht JJMMDD)",
        ) from None


def entry_date(value_date: date, mmdd: str, *, line: int | None) -> date:
    """The :61: booking date MMDD, in the year that puts it closest to the value date (Dec/Jan wrap)."""
    try:
        candidates = [date(value_date.year + delta, int(mmdd[:2]), int(mmdd[2:])) for delta in (-1, 0, 1)]
    except ValueError:
        raise ParseError(
            line=line,
            reason_en=f"invalid booking date {mmdd!r} (expected MMDD)",
            reason_nl=f"ongeldige boekdatum {mmdd!r} (verwacht MMDD)",
        ) from None
    return min(candidates, key=lambda d: abs((d - value_date).days))


def clean(value: str | None) -> str | None:
    """Collapse whitespace; empty becomes None."""
    text = " ".join((value or "").split())
    return text or None


def clean_reference(value: str | None) -> str | None:
    text = clean(value)
    if text is None or text.upper() in _NO_REFERENCE:
        return None
    return text


def structured_reference(value: str | None, issuer: str | None) -> str | None:
    """A creditor reference without layout: digits only for a Dutch CUR betalingskenmerk."""
    text = clean_reference(value)
    if text is None:
        return None
    if (issuer or "").strip().upper() == "CUR":
        digits = re.sub(r"[\s.\-]", "", text)
        return digits or None
    return text.replace(" ", "").upper() if text.upper().startswith("RF") else text.replace(" ", "")


def labelled_kenmerk(text: str | None) -> str | None:
    """A betalingskenmerk written in free text after its label; other digit runs are left to matching."""
    match = _LABELLED_KENMERK.search(text or "")
    return re.sub(r"\s", "", match.group(1)) if match else None
