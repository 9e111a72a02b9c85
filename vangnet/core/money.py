"""Money is Decimal with two places, end to end; these helpers parse it strictly and print it the Dutch way."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
AMOUNT_PATTERN = re.compile(r"^-?\d{1,10}(\.\d{1,2})?$")


def parse_amount(text: str) -> Decimal:
    """Accepts 1234.56 or -12.5; rejects thousands separators, commas and exponents instead of guessing."""
    cleaned = text.strip()
    if not AMOUNT_PATTERN.match(cleaned):
        raise ValueError(f"not an amount: {text!r}")
    try:
        return Decimal(cleaned).quantize(CENT)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes this
        raise ValueError(f"not an amount: {text!r}") from exc


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_euro(value: Decimal | None) -> str:
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(quantize(value)):.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€ {'.'.join(groups)},{cents}"
