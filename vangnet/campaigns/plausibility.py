"""Is a water-meter reading plausible, and what is the estimate for a unit that sent none. Pure functions.

A reading is read as the tenant types it (comma or point, at most three decimals: a water meter shows
litres after the m³). It is doubtful when it is below the meter's last reading, or when the use since
then is more than twice the usual use over the same days: the unit's own (from its last two readings),
or, when the unit has no history yet, the complex's average.

The estimate for a non-responder (documented in docs/campaigns.md): the last reading plus the usual
daily use (the unit's own, else the complex's) times the days since that reading, rounded to whole m³.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext

MAX_DECIMALS = 3
MAX_READING = Decimal("9999999")
HIGH_FACTOR = Decimal(2)


class ReadingError(ValueError):
    """A reading that cannot be a meter's: letters, negative, too many decimals, too many digits."""


@dataclass(frozen=True)
class Previous:
    value: Decimal
    read_on: date


def number_nl(value: Decimal) -> str:
    return str(value).replace(".", ",")


def parse_reading(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        raise ReadingError(gettext("Vul de meterstand in."))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ReadingError(gettext("Schrijf de meterstand met cijfers, bijvoorbeeld 1234,567.")) from None
    if not value.is_finite() or value < 0:
        raise ReadingError(gettext("Een meterstand kan niet negatief zijn."))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise ReadingError(
            gettext("Een watermeter heeft hoogstens drie cijfers na de komma. Kijk nog eens op de meter.")
        )
    if value > MAX_READING:
        raise ReadingError(gettext("Deze meterstand heeft te veel cijfers. Kijk nog eens op de meter."))
    return value


def daily_use(first: Previous, second: Previous) -> Decimal | None:
    """m³ per day between two readings; None when they are on the same day or run backwards."""
    days = (second.read_on - first.read_on).days
    if days <= 0 or second.value < first.value:
        return None
    return (second.value - first.value) / days


def reading_problem(
    value: Decimal, *, previous: Previous | None, read_on: date, usual_daily: Decimal | None
) -> str:
    """'' when plausible, otherwise the reason in the reader's language."""
    if previous is None:
        return ""
    if value < previous.value:
        return gettext("Deze stand is lager dan de vorige stand (%(last)s m³ op %(day)s).") % {
            "last": number_nl(previous.value),
            "day": f"{previous.read_on:%d-%m-%Y}",
        }
    days = (read_on - previous.read_on).days
    if usual_daily is not None and usual_daily > 0 and days > 0:
        expected = usual_daily * days
        if value - previous.value > HIGH_FACTOR * expected:
            return gettext(
                "Dit is meer dan twee keer zoveel water als gewoonlijk (%(used)s m³ in %(days)s dagen)."
            ) % {"used": number_nl((value - previous.value).quantize(Decimal("1"))), "days": days}
    return ""


def estimate(previous: Previous, *, usual_daily: Decimal, as_of: date) -> Decimal:
    days = max((as_of - previous.read_on).days, 0)
    return (previous.value + usual_daily * days).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
