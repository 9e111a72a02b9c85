"""Wettelijke rente for consumers: art. 6:119 BW, rates set under art. 6:120 lid 1 BW.

Art. 6:119 lid 1: over the time the debtor is in verzuim he owes the statutory interest on the principal.
Lid 2: after each year the amount on which the interest is calculated is increased by the interest owed over
that year. The year runs from the start of verzuim, not from 1 January. Rates change per 1 January / 1 July
(Besluit vaststelling wettelijke rente); a period is split on the day the rate changes.

Day count, and why: each day of a rate period earns ``rate / 365`` of a year's interest ("actual/365", as the
usual Dutch calculators do and as a reader can check with a pocket calculator). Leap years: 29 February is not
counted. Every year that runs from one anniversary of the verzuim to the next then counts exactly 365 days, so
a full year earns exactly the statutory yearly rate, never 366/365 of it, and every counted day earns the
same amount whatever year it falls in. The cost is that interest over a 29 February alone is nil; that errs
in the tenant's favour by at most one day's interest per leap year. When verzuim starts on 29 February, its
anniversary in a non-leap year is 1 March (so the first year still counts 365 days).

Rounding: the interest of each line (one base, one rate, one part of a year) is rounded to cents
(ROUND_HALF_UP); the total is the sum of the lines, and the rounded interest of a completed year is what is
added to the principal. A printed statement then adds up to the cent.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

CENT = Decimal("0.01")
DAYS_PER_YEAR = Decimal("365")
# Claims from before 1 January 1992 fall under the old BW (simple interest, no yearly capitalisation).
NEW_BW_START = date(1992, 1, 1)

Rates = Sequence[tuple[date, Decimal]]

# Statutory interest for consumer transactions (niet-handelstransacties): one row per half-year since 2015,
# (valid_from, yearly percentage, source). Data, not logic: the app loads these into an editable table.
# The rate follows the rule in the nota van toelichting of Stb. 2014, 491: the ECB main refinancing rate at
# the end of October (for 1 January) or April (for 1 July) plus 2.25 points, rounded to whole percents;
# tests/flows/test_legal_rate_table.py checks every row against that rule and its source. A half-year
# without a change cites the decree that set the rate still in force.
STB_2014_491 = "Stb. 2014, 491 (Besluit van 4 december 2014; 2 % vanaf 1-1-2015)"
BVWR_2023 = "Besluit vaststelling wettelijke rente, BWBR0047640 (4 % vanaf 1-1-2023)"
STB_2023_235 = "Stb. 2023, 235 (6 % vanaf 1-7-2023)"
STB_2023_484 = "Stb. 2023, 484 (7 % vanaf 1-1-2024)"
# The 2025-2026 decrees were not in the reference material: these rows follow the rule with the ECB rate and
# must be checked against the Staatsblad (law-and-standards.md §1.2 marks them [V]).
UNVERIFIED_2025_01 = "regel ECB 3,40 % + 2,25 (Staatsblad-nummer te controleren)"
# The rule would give 5 % for 1 July 2025 (ECB 2,40 %), but the rate stayed 6 %: published by an accountancy
# firm on 25-09-2025. The published rate wins over our reading of the rule.
PUBLISHED_2025_07 = (
    "gepubliceerd: 6 % sinds 1-7-2025, vanlaarhovenenpartners.nl/nieuws/wettelijke-rente-bij-niet-of-te-late-"
    "betaling-328 (25-09-2025; Staatsblad-nummer te controleren)"
)
# (law-and-standards.md §1.2 marks this row [V]; the source a manager reads names no file of ours.)
UNVERIFIED_2026_01 = "regel ECB 2,15 % + 2,25 (Staatsblad-nummer te controleren)"
CONSUMER_RATE_TABLE: list[tuple[date, Decimal, str]] = [
    (date(2012, 7, 1), Decimal("3"), "Stb. 2012, 285"),
    *[(date(year, month, 1), Decimal("2"), STB_2014_491) for year in range(2015, 2023) for month in (1, 7)],
    (date(2023, 1, 1), Decimal("4"), BVWR_2023),
    (date(2023, 7, 1), Decimal("6"), STB_2023_235),
    (date(2024, 1, 1), Decimal("7"), STB_2023_484),
    (date(2024, 7, 1), Decimal("7"), STB_2023_484),
    (date(2025, 1, 1), Decimal("6"), UNVERIFIED_2025_01),
    (date(2025, 7, 1), Decimal("6"), PUBLISHED_2025_07),
    (date(2026, 1, 1), Decimal("4"), UNVERIFIED_2026_01),
    # No row for 1 July 2026: the reference material gives none, and a rate is never guessed.
]
DEFAULT_CONSUMER_RATES: list[tuple[date, Decimal]] = [(day, rate) for day, rate, _ in CONSUMER_RATE_TABLE]


@dataclass(frozen=True)
class InterestLine:
    """Interest over ``start`` (inclusive) to ``end`` (exclusive) on ``base`` at ``rate`` % a year."""

    start: date
    end: date
    base: Decimal
    rate: Decimal
    days: int
    amount: Decimal


def statutory_interest(principal: Decimal, *, from_date: date, to_date: date, rates: Rates) -> Decimal:
    """Statutory interest (art. 6:119 BW) on ``principal`` from ``from_date`` up to ``to_date``, in cents.

    ``from_date`` is the first day of verzuim and counts; ``to_date`` does not (pass the day the payment was
    credited, or the day after ``as_of`` to include ``as_of``). ``rates`` is a table of (valid_from, yearly
    percentage); each rate applies from its date until the next one.
    """
    return sum(
        (
            line.amount
            for line in interest_lines(principal, from_date=from_date, to_date=to_date, rates=rates)
        ),
        Decimal("0.00"),
    )


def interest_lines(principal: Decimal, *, from_date: date, to_date: date, rates: Rates) -> list[InterestLine]:
    """The calculation behind ``statutory_interest``, one line per base and rate, for statements and audits."""
    if not isinstance(principal, Decimal):
        raise TypeError("principal must be a Decimal")
    if principal < 0:
        raise ValueError("principal cannot be negative")
    if to_date < from_date:
        raise ValueError("to_date lies before from_date")
    if from_date < NEW_BW_START:
        raise ValueError("verzuim before 1992 falls under the old BW (simple interest); not supported")
    table = _validated(rates)
    if from_date < table[0][0]:
        raise ValueError(f"no statutory rate known for {from_date}")
    if principal == 0:
        return []

    lines: list[InterestLine] = []
    base = principal
    year = 1
    year_start = from_date
    while year_start < to_date:
        year_end = anniversary(from_date, year)
        period_end = min(year_end, to_date)
        year_lines = [
            _line(base, rate, start, end) for start, end, rate in _rate_periods(table, year_start, period_end)
        ]
        lines.extend(year_lines)
        if period_end == year_end:
            # Art. 6:119 lid 2: a completed year's interest joins the amount interest is calculated over.
            base += sum((line.amount for line in year_lines), Decimal("0"))
        year_start = period_end
        year += 1
    return lines


def anniversary(start: date, years: int) -> date:
    """``start`` plus whole years; 29 February becomes 1 March in a non-leap year (see the module docstring)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def counted_days(start: date, end: date) -> int:
    """Days from ``start`` (inclusive) to ``end`` (exclusive), leaving out every 29 February."""
    return (end - start).days - sum(
        1 for year in range(start.year, end.year + 1) if _leap_day_in(year, start, end)
    )


def _leap_day_in(year: int, start: date, end: date) -> bool:
    try:
        leap_day = date(year, 2, 29)
    except ValueError:
        return False
    return start <= leap_day < end


def _line(base: Decimal, rate: Decimal, start: date, end: date) -> InterestLine:
    days = counted_days(start, end)
    amount = (base * rate / 100 * days / DAYS_PER_YEAR).quantize(CENT, rounding=ROUND_HALF_UP)
    return InterestLine(start=start, end=end, base=base, rate=rate, days=days, amount=amount)


def _rate_periods(
    table: list[tuple[date, Decimal]], start: date, end: date
) -> list[tuple[date, date, Decimal]]:
    """Split [start, end) on every date in ``table`` where the rate changes."""
    periods = []
    cursor = start
    while cursor < end:
        rate, next_change = _rate_on(table, cursor)
        period_end = end if next_change is None else min(end, next_change)
        periods.append((cursor, period_end, rate))
        cursor = period_end
    return periods


def _rate_on(table: list[tuple[date, Decimal]], day: date) -> tuple[Decimal, date | None]:
    """The rate valid on ``day`` and the date the next rate takes over (None when there is none yet)."""
    current = table[0][1]
    for valid_from, rate in table:
        if valid_from > day:
            return current, valid_from
        current = rate
    return current, None


def _validated(rates: Rates) -> list[tuple[date, Decimal]]:
    table = sorted(rates)
    if not table:
        raise ValueError("no statutory interest rates given")
    for (first, _), (second, _) in pairwise(table):
        if first == second:
            raise ValueError(f"two rates valid from {first}")
    for valid_from, rate in table:
        if not isinstance(rate, Decimal) or rate < 0:
            raise ValueError(f"rate from {valid_from} must be a non-negative Decimal percentage")
    return table
