"""The notice rules and the final settlement as pure functions, with property tests."""

import calendar
import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from vangnet.core.calendar import is_business_day
from vangnet.inspections.notice import EndDayRule, earliest_end_date, end_date_problem, month_end
from vangnet.inspections.settlement import final_settlement, prorated_rent

days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31))
rules = st.sampled_from(list(EndDayRule))
money = st.decimals(min_value=0, max_value=5000, places=2)


@given(days, rules)
def test_the_earliest_end_date_is_at_least_a_month_away_and_on_an_allowed_day(given_on, rule):
    earliest = earliest_end_date(given_on, rule)
    assert earliest >= given_on + relativedelta(months=1)
    assert (earliest - given_on).days <= 62
    assert end_date_problem(given_on, earliest, rule) is None
    if rule == EndDayRule.WORKING_DAY:
        assert is_business_day(earliest)
    if rule == EndDayRule.MONTH_END:
        assert earliest == month_end(earliest)


@given(days, rules)
def test_every_day_before_the_earliest_is_refused(given_on, rule):
    earliest = earliest_end_date(given_on, rule)
    problem = end_date_problem(given_on, earliest - dt.timedelta(days=1), rule)
    assert problem is not None
    assert f"{earliest:%d-%m-%Y}" in problem


@given(days, days, rules)
def test_a_later_notice_never_allows_an_earlier_end(first, second, rule):
    early, late = sorted((first, second))
    assert earliest_end_date(early, rule) <= earliest_end_date(late, rule)


@pytest.mark.parametrize(
    ("given_on", "rule", "earliest"),
    [
        (dt.date(2026, 12, 3), EndDayRule.WORKING_DAY, dt.date(2027, 1, 4)),  # 3 January is a Sunday
        (dt.date(2026, 12, 3), EndDayRule.ANY_DAY, dt.date(2027, 1, 3)),
        (dt.date(2026, 12, 3), EndDayRule.MONTH_END, dt.date(2027, 1, 31)),
        (dt.date(2027, 1, 31), EndDayRule.ANY_DAY, dt.date(2027, 2, 28)),
        (dt.date(2027, 11, 25), EndDayRule.WORKING_DAY, dt.date(2027, 12, 27)),  # Christmas, then a Monday
    ],
)
def test_known_earliest_days(given_on, rule, earliest):
    assert earliest_end_date(given_on, rule) == earliest


@given(money, days)
def test_pro_rata_rent_is_between_nothing_and_the_whole_month(rent, end):
    part = prorated_rent(rent, end)
    assert Decimal(0) <= part <= rent
    if end.day == calendar.monthrange(end.year, end.month)[1]:
        assert part == rent


@given(days, money, money, money, st.lists(money, max_size=4), money)
def test_the_total_is_the_sum_of_its_lines(end, rent, balance, invoiced, repairs, deposit):
    settlement = final_settlement(
        end_date=end,
        monthly_rent=rent,
        open_balance=balance,
        rent_invoiced_from_end_month=invoiced,
        repairs=[("x", amount) for amount in repairs],
        deposit=deposit,
    )
    assert settlement.total == sum(line.amount for line in settlement.lines)
    assert settlement.total == balance - invoiced + prorated_rent(rent, end) + sum(repairs) - deposit


def test_the_hand_computed_example():
    settlement = final_settlement(
        end_date=dt.date(2027, 1, 29),
        monthly_rent=Decimal("695.50"),
        open_balance=Decimal("730.50"),
        rent_invoiced_from_end_month=Decimal("695.50"),
        repairs=[("Woonkamer, Gat in de muur", Decimal("125.00"))],
        deposit=Decimal("300.00"),
    )
    assert [str(line.amount) for line in settlement.lines] == [
        "730.50",
        "-695.50",
        "650.63",
        "125.00",
        "-300.00",
    ]
    assert settlement.total == Decimal("510.63")
