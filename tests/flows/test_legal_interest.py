from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.flows.legal.interest import (
    DEFAULT_CONSUMER_RATES,
    anniversary,
    counted_days,
    interest_lines,
    statutory_interest,
)

D = Decimal
TEN_PERCENT = [(date(2000, 1, 1), D("10"))]


def test_a_period_crossing_new_year_uses_both_rates():
    # € 1 000 in verzuim from 1 November 2024; interest up to (not including) 1 March 2025.
    #   1 Nov - 31 Dec 2024:  61 days at 7 %: 1000 x 0.07 x 61/365 = 11.6986 -> 11.70
    #   1 Jan - 28 Feb 2025:  59 days at 6 %: 1000 x 0.06 x 59/365 =  9.6986 ->  9.70
    #   total                                                                 21.40
    interest = statutory_interest(
        D("1000.00"), from_date=date(2024, 11, 1), to_date=date(2025, 3, 1), rates=DEFAULT_CONSUMER_RATES
    )
    assert interest == D("21.40")


def test_a_rate_change_in_the_middle_of_a_period_splits_it():
    # € 2 000 from 1 May to 1 September 2023; the rate goes from 4 % to 6 % on 1 July.
    #   1 May - 30 Jun: 61 days: 2000 x 0.04 x 61/365 = 13.3699 -> 13.37
    #   1 Jul - 31 Aug: 62 days: 2000 x 0.06 x 62/365 = 20.3836 -> 20.38
    lines = interest_lines(
        D("2000"), from_date=date(2023, 5, 1), to_date=date(2023, 9, 1), rates=DEFAULT_CONSUMER_RATES
    )
    assert [(line.start, line.end, line.rate, line.days, line.amount) for line in lines] == [
        (date(2023, 5, 1), date(2023, 7, 1), D("4"), 61, D("13.37")),
        (date(2023, 7, 1), date(2023, 9, 1), D("6"), 62, D("20.38")),
    ]
    assert statutory_interest(
        D("2000"), from_date=date(2023, 5, 1), to_date=date(2023, 9, 1), rates=DEFAULT_CONSUMER_RATES
    ) == D("33.75")


def test_interest_is_added_to_the_principal_after_each_full_year_counted_from_verzuim():
    # 10 % a year on € 1 000 from 1 March 2021. Year 1 (to 1 March 2022): 100.00, so the base becomes 1 100.
    # Year 2: 110.00. Total after two years 210.00, where simple interest would give 200.00.
    assert statutory_interest(
        D("1000"), from_date=date(2021, 3, 1), to_date=date(2023, 3, 1), rates=TEN_PERCENT
    ) == D("210.00")
    # Half-way year 2 (184 days to 1 September 2022): 1100 x 0.10 x 184/365 = 55.4521 -> 55.45.
    assert statutory_interest(
        D("1000"), from_date=date(2021, 3, 1), to_date=date(2022, 9, 1), rates=TEN_PERCENT
    ) == D("155.45")
    # Crossing 1 January does not capitalise anything: only the anniversary of verzuim does.
    assert statutory_interest(
        D("1000"), from_date=date(2021, 3, 1), to_date=date(2022, 3, 1), rates=TEN_PERCENT
    ) == D("100.00")


def test_capitalisation_with_a_rate_change_inside_the_first_year():
    # € 1 000 from 1 July 2023 (6 %), 7 % from 1 January 2024, 6 % from 1 January 2025.
    #   year 1: 184/365 x 6 % = 30.25 and 181/365 x 7 % = 34.71 (2024 is a leap year; 29 Feb not counted)
    #   year 2 on 1 064.96: 184/365 x 7 % = 37.58 and 181/365 x 6 % = 31.69
    lines = interest_lines(
        D("1000"), from_date=date(2023, 7, 1), to_date=date(2025, 7, 1), rates=DEFAULT_CONSUMER_RATES
    )
    assert [line.amount for line in lines] == [D("30.25"), D("34.71"), D("37.58"), D("31.69")]
    assert [line.base for line in lines] == [D("1000"), D("1000"), D("1064.96"), D("1064.96")]


def test_zero_days_or_zero_principal_give_no_interest():
    day = date(2025, 6, 1)
    assert statutory_interest(D("1000"), from_date=day, to_date=day, rates=DEFAULT_CONSUMER_RATES) == D(
        "0.00"
    )
    assert interest_lines(D("1000"), from_date=day, to_date=day, rates=DEFAULT_CONSUMER_RATES) == []
    assert statutory_interest(
        D("0"), from_date=day, to_date=date(2026, 6, 1), rates=DEFAULT_CONSUMER_RATES
    ) == D("0.00")


def test_a_leap_year_earns_exactly_one_year_of_interest():
    # 1 March 2023 - 1 March 2024 has 366 days including 29 February; 365 are counted.
    assert counted_days(date(2023, 3, 1), date(2024, 3, 1)) == 365
    assert statutory_interest(
        D("1000"), from_date=date(2023, 3, 1), to_date=date(2024, 3, 1), rates=TEN_PERCENT
    ) == D("100.00")
    assert statutory_interest(
        D("1000"), from_date=date(2024, 2, 29), to_date=date(2024, 3, 1), rates=TEN_PERCENT
    ) == D("0.00")


def test_verzuim_on_29_february_has_its_anniversary_on_1_march():
    assert anniversary(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)
    lines = interest_lines(
        D("1000"), from_date=date(2024, 2, 29), to_date=date(2025, 6, 1), rates=TEN_PERCENT
    )
    assert lines[0].end == date(2025, 3, 1)
    assert lines[0].amount == D("100.00")
    assert lines[1].base == D("1100.00")


def test_rates_may_be_given_in_any_order():
    shuffled = list(reversed(DEFAULT_CONSUMER_RATES))
    args = dict(from_date=date(2022, 10, 1), to_date=date(2026, 2, 1))
    assert statutory_interest(D("750"), rates=shuffled, **args) == statutory_interest(
        D("750"), rates=DEFAULT_CONSUMER_RATES, **args
    )


@pytest.mark.parametrize(
    ("principal", "from_date", "to_date", "rates", "reason"),
    [
        (D("-1"), date(2025, 1, 1), date(2025, 2, 1), DEFAULT_CONSUMER_RATES, "principal cannot be negative"),
        (
            D("100"),
            date(2025, 2, 1),
            date(2025, 1, 1),
            DEFAULT_CONSUMER_RATES,
            "to_date lies before from_date",
        ),
        (  # before the first rate
            D("100"),
            date(2012, 6, 30),
            date(2013, 1, 1),
            DEFAULT_CONSUMER_RATES,
            "no statutory rate known for 2012-06-30",
        ),
        (
            D("100"),
            date(1991, 12, 31),
            date(1992, 2, 1),
            [(date(1990, 1, 1), D("10"))],
            "verzuim before 1992 falls under the old BW",
        ),
        (D("100"), date(2025, 1, 1), date(2025, 2, 1), [], "no statutory interest rates given"),
        (
            D("100"),
            date(2025, 1, 1),
            date(2025, 2, 1),
            [(date(2024, 1, 1), D("7")), (date(2024, 1, 1), D("6"))],
            "two rates valid from 2024-01-01",
        ),
        (
            D("100"),
            date(2025, 1, 1),
            date(2025, 2, 1),
            [(date(2024, 1, 1), D("-1"))],
            "rate from 2024-01-01 must be a non-negative Decimal percentage",
        ),
        (
            D("100"),
            date(2025, 1, 1),
            date(2025, 2, 1),
            [(date(2024, 1, 1), 7.0)],
            "rate from 2024-01-01 must be a non-negative Decimal percentage",
        ),
    ],
)
def test_invalid_input_is_refused(principal, from_date, to_date, rates, reason):
    with pytest.raises(ValueError, match=reason):
        statutory_interest(principal, from_date=from_date, to_date=to_date, rates=rates)


def test_default_rates_hold_the_sourced_points():
    assert sorted(DEFAULT_CONSUMER_RATES) == DEFAULT_CONSUMER_RATES
    assert all(isinstance(rate, Decimal) for _, rate in DEFAULT_CONSUMER_RATES)
    table = dict(DEFAULT_CONSUMER_RATES)
    assert table[date(2012, 7, 1)] == D("3")
    assert table[date(2015, 1, 1)] == D("2")
    assert table[date(2024, 1, 1)] == D("7")


verzuim_days = st.dates(min_value=date(2012, 7, 1), max_value=date(2030, 12, 31))
principals = st.decimals(
    min_value=D("0.01"), max_value=D("100000"), places=2, allow_nan=False, allow_infinity=False
)


@given(
    principals,
    verzuim_days,
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=400),
)
def test_interest_never_decreases_as_time_goes_on(principal, start, length, extra):
    end = start + timedelta(days=length)
    later = end + timedelta(days=extra)
    earlier = statutory_interest(principal, from_date=start, to_date=end, rates=DEFAULT_CONSUMER_RATES)
    assert earlier >= 0
    assert (
        statutory_interest(principal, from_date=start, to_date=later, rates=DEFAULT_CONSUMER_RATES) >= earlier
    )


@given(principals, verzuim_days, st.integers(min_value=0, max_value=3000))
def test_lines_cover_the_period_without_gaps(principal, start, length):
    end = start + timedelta(days=length)
    lines = interest_lines(principal, from_date=start, to_date=end, rates=DEFAULT_CONSUMER_RATES)
    if length:
        assert lines[0].start == start
        assert lines[-1].end == end
    assert all(a.end == b.start for a, b in pairwise(lines))
    assert sum(line.days for line in lines) == counted_days(start, end)
    assert statutory_interest(principal, from_date=start, to_date=end, rates=DEFAULT_CONSUMER_RATES) == sum(
        (line.amount for line in lines), D("0")
    )


@given(principals, st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(0, 364))
def test_within_the_first_year_at_one_rate_interest_is_simple(principal, start, length):
    end = start + timedelta(days=length)
    expected = (principal * D("0.10") * counted_days(start, end) / D("365")).quantize(
        D("0.01"), ROUND_HALF_UP
    )
    assert statutory_interest(principal, from_date=start, to_date=end, rates=TEN_PERCENT) == expected


def test_a_float_principal_is_refused():
    with pytest.raises(TypeError, match="principal must be a Decimal"):
        statutory_interest(1000.0, from_date=date(2025, 1, 1), to_date=date(2025, 2, 1), rates=TEN_PERCENT)  # type: ignore[arg-type]
