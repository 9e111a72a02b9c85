"""Money is Decimal with two places, end to end; these helpers round it and print it the Dutch way."""

import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


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


EURO_TEXT = re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:[.,](?P<cents>\d{1,2}))?$")


def parse_euro(text: str) -> Decimal | None:
    """An amount as people type it: '250', '250,5', '1.250,00', '€ 1250.00'; None when it is not one.

    A dot followed by exactly three digits groups thousands (Dutch); otherwise a dot or comma before one or
    two digits separates the cents. Never a float.
    """
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    match = EURO_TEXT.match(cleaned)
    if match is None:
        return None
    whole = match["whole"].replace(".", "")
    cents = (match["cents"] or "0").ljust(2, "0")
    return Decimal(f"{whole}.{cents}")
