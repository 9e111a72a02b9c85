"""Algemene termijnenwet (Atw, Stb. 1964, 314): how a statutory term ends around weekends and holidays.

* Art. 1 lid 1: a term set by law that ends on a Saturday, Sunday or "algemeen erkende feestdag" is
  extended up to and including the next day that is none of these.
* Art. 2: a term of at least three days is extended, if needed, so that it contains at least two days that
  are not a Saturday, Sunday or algemeen erkende feestdag.
* Art. 3 lid 1: the feestdagen are New Year's Day, Easter Monday, Whit Monday, both Christmas days, Ascension
  Day, the day the King's birthday is celebrated and 5 May (every year, not only lustrum years); lid 2: Good
  Friday is equated; lid 3: further days are equated by Royal Decree ("Besluit gelijkstelling ..."),
  published every few years in the Staatscourant.

The 14-day term of art. 6:96 lid 6 BW is a term set by law, so the Atw applies to it.
"""

from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache

import holidays

from vangnet.core.calendar import SATURDAY

# Art. 3 lid 3 Atw: days equated with a feestdag by the Besluiten gelijkstelling (mostly the Friday after
# Ascension Day, or after a feestdag on a Thursday). Source: the titles of "Besluit gelijkstelling van 28 april
# 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 ..." and "Besluit gelijkstelling van 2 januari
# 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 ..." as quoted on sterfgeval.nl (vraag 70745).
# To verify against the Staatscourant, and to extend when the next Besluit is published; the app can pass
# extra days through ``extra_days_off``. Treating an extra day as a day off can only make a term end later,
# which is the safe direction for a creditor.
ATW_EQUATED_DAYS: frozenset[date] = frozenset(
    {
        date(2023, 4, 28),
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    }
)


@lru_cache(maxsize=64)
def atw_feestdagen(year: int) -> frozenset[date]:
    """Art. 3 lid 1-2 Atw feestdagen of one year, plus the equated days of art. 3 lid 3 that we know.

    The ``holidays`` package's PUBLIC category already holds Good Friday and the celebrated Koningsdag (also
    the Sundays Easter and Whitsun, which are weekend days anyway); its OPTIONAL category adds 5 May for the
    years that are not lustrum years.
    """
    listed = holidays.Netherlands(years=year, categories=(holidays.PUBLIC, holidays.OPTIONAL)).keys()
    equated = {day for day in ATW_EQUATED_DAYS if day.year == year}
    return frozenset(listed) | frozenset(equated)


def is_atw_day_off(day: date, extra_days_off: Collection[date] = ()) -> bool:
    """A Saturday, Sunday or algemeen erkende feestdag in the sense of the Atw."""
    return day.weekday() >= SATURDAY or day in atw_feestdagen(day.year) or day in extra_days_off


def statutory_term_end(first_day: date, length_days: int, *, extra_days_off: Collection[date] = ()) -> date:
    """Last day of a statutory term of ``length_days`` days that starts on ``first_day`` (inclusive).

    Applies Atw art. 1 lid 1 (extend past Saturdays, Sundays and feestdagen) and art. 2 (a term of three days
    or more contains at least two other days). For a 14-day term art. 2 never bites, but it costs nothing to
    implement the whole rule.
    """
    if length_days < 1:
        raise ValueError("a term lasts at least one day")
    end = first_day + timedelta(days=length_days - 1)
    while is_atw_day_off(end, extra_days_off):
        end += timedelta(days=1)
    if length_days >= 3:
        while _working_days(first_day, end, extra_days_off) < 2:
            end += timedelta(days=1)
    return end


def _working_days(first_day: date, last_day: date, extra_days_off: Collection[date]) -> int:
    count = 0
    day = first_day
    while day <= last_day:
        if not is_atw_day_off(day, extra_days_off):
            count += 1
        day += timedelta(days=1)
    return count
