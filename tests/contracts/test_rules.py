"""The pure rules of the contract processes, with property tests: pro-rata first rent, the next collection
date, the returns rule and the swap rules."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from vangnet.contracts.rules import (
    SwapParty,
    days_in_month,
    debit_refused,
    first_payment,
    months_between,
    next_collection,
    pro_rata,
    swap_problems,
)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("5000.00"), places=2)


@given(amounts, dates)
def test_pro_rata_is_between_nothing_and_the_whole_month(monthly, start):
    part = pro_rata(monthly, start)
    assert Decimal(0) <= part <= monthly
    assert part == part.quantize(Decimal("0.01"))


@given(amounts, dates)
def test_a_start_on_the_first_pays_the_whole_month_and_on_the_last_one_day(monthly, start):
    assert pro_rata(monthly, start.replace(day=1)) == monthly
    last = start.replace(day=days_in_month(start))
    assert pro_rata(monthly, last) == (monthly / days_in_month(start)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )


def test_the_hand_computed_first_payment():
    # 15 February 2027: 14 of 28 days of € 747,40 is € 373,70, plus a deposit of € 750,00.
    paid = first_payment(start=dt.date(2027, 2, 15), monthly_total=Decimal("747.40"), deposit=Decimal("750"))
    assert (paid.rent, paid.deposit, paid.total) == (Decimal("373.70"), Decimal("750.00"), Decimal("1123.70"))


@given(st.integers(min_value=1, max_value=28), dates)
def test_the_next_collection_is_on_the_day_within_a_month_after(day, as_of):
    collection = next_collection(day=day, as_of=as_of)
    assert collection.day == day
    assert as_of < collection <= as_of + dt.timedelta(days=31)


@given(st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=10))
def test_direct_debit_is_refused_from_the_limit_on(returns, limit):
    assert debit_refused(returns=returns, limit=limit) == (limit > 0 and returns >= limit)


@given(dates, dates)
def test_months_between_never_goes_negative(start, as_of):
    months = months_between(start, as_of)
    assert months >= 0
    if as_of >= start:
        assert start.year * 12 + start.month + months <= as_of.year * 12 + as_of.month


def _party(name, **changes) -> SwapParty:
    values = {
        "name": name,
        "balance": Decimal(0),
        "tenancy_start": dt.date(2020, 1, 1),
        "household": 2,
        "new_home_capacity": 4,
        "confirmed": True,
    }
    values.update(changes)
    return SwapParty(**values)


def test_a_swap_that_keeps_the_rules_has_no_problems():
    assert (
        swap_problems([_party("Anna"), _party("Bram")], as_of=dt.date(2026, 12, 3), minimum_months=12) == []
    )


def test_every_broken_swap_rule_is_named():
    problems = swap_problems(
        [
            _party("Anna", confirmed=False),
            _party("Bram", balance=Decimal("10.00"), tenancy_start=dt.date(2026, 6, 1), household=5),
        ],
        as_of=dt.date(2026, 12, 3),
        minimum_months=12,
    )
    assert problems == [
        "Anna heeft de ruil nog niet bevestigd.",
        "Bram heeft een huurachterstand.",
        "Bram huurt korter dan 12 maanden.",
        "Het huishouden van Bram past niet in de nieuwe woning.",
    ]
