"""Dates and spoken amounts in the reader's language.

A tenant who reads Polish gets "3 grudnia 2026" (the genitive month of a written date: Django's "E"
format), an English one "3 December 2026", a Dutch one "3 december 2026". Written amounts stay in the Dutch
notation (€ 1.234,56) in every language: the amount is a Dutch one, on a Dutch bank statement, and a tenant
must be able to match it there. Spoken amounts (voice messages) are read in the message's own language.
"""

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from django.utils import formats, translation
from django.utils.translation import gettext, ngettext, pgettext

DEFAULT_LANGUAGE = "nl"


@lru_cache(maxsize=8192)
def written_date(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """3 december 2026: a written month reads more easily than 03-12-2026, in every language."""
    with translation.override(language or DEFAULT_LANGUAGE):
        return formats.date_format(day, "j E Y")


def written_moment(value: datetime, language: str = DEFAULT_LANGUAGE) -> str:
    """donderdag 3 december 2026, 09:00: an appointment with its weekday, so nobody mixes up the day."""
    with translation.override(language or DEFAULT_LANGUAGE):
        return f"{formats.date_format(value, 'l j E Y')}, {value:%H:%M}"


def spoken_euro(value: Decimal, language: str = DEFAULT_LANGUAGE) -> str:
    """120 euro en 50 cent: what a text-to-speech voice reads well, in the message's language."""
    euros, cents = divmod(int((abs(value) * 100).to_integral_value()), 100)
    with translation.override(language or DEFAULT_LANGUAGE):
        spoken_euros = ngettext("%(count)s euro", "%(count)s euro", euros) % {"count": euros}
        if not cents:
            return spoken_euros
        spoken_cents = ngettext("%(count)s cent", "%(count)s cent", cents) % {"count": cents}
        return pgettext("spoken amount: euros and cents", "%(euros)s en %(cents)s") % {
            "euros": spoken_euros,
            "cents": spoken_cents,
        }


def shown(text: str) -> str:
    """A text that is data but may be one Vangnet ships (a case type's default stage names, its intake
    labels): shown in the reader's language when the catalogue has it, else exactly as the corporation
    wrote it. The defaults are marked with gettext_noop where they are declared (cases/kinds/)."""
    return gettext(text) if text else ""
