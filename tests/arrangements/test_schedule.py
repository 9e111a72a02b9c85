import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.arrangements.schedule import installment_schedule
from vangnet.core.errors import ApplicationError

totals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
starts = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31))


@given(total=totals, start=starts, count=st.integers(min_value=1, max_value=60))
def test_by_count_sums_exactly_with_equal_instalments_and_the_rest_last(total, start, count):
    if total < Decimal("0.01") * count:
        with pytest.raises(ApplicationError, match="Het totaalbedrag is te klein voor zoveel termijnen"):
            installment_schedule(total=total, start=start, count=count)
        return
    schedule = installment_schedule(total=total, start=start, count=count)
    amounts = [row.amount for row in schedule]
    assert len(schedule) == count
    assert sum(amounts) == total
    assert all(amount > 0 for amount in amounts)
    assert len(set(amounts[:-1])) <= 1
    assert 0 <= amounts[-1] - amounts[0] < Decimal("0.01") * count
    assert [row.sequence for row in schedule] == list(range(1, count + 1))


@given(total=totals, start=starts, amount=totals)
def test_by_amount_the_last_is_the_rest(total, start, amount):
    if amount > total or total / amount > 60:
        reason = (
            "Het bedrag per termijn is hoger dan" if amount > total else "worden het meer dan 60 termijnen"
        )
        with pytest.raises(ApplicationError, match=reason):
            installment_schedule(total=total, start=start, amount=amount)
        return
    schedule = installment_schedule(total=total, start=start, amount=amount)
    amounts = [row.amount for row in schedule]
    assert sum(amounts) == total
    assert all(value == amount for value in amounts[:-1])
    assert 0 < amounts[-1] <= amount


@given(start=starts, count=st.integers(min_value=1, max_value=60))
def test_monthly_from_the_start_and_end_of_month_safe(start, count):
    schedule = installment_schedule(total=Decimal("6000.00"), start=start, count=count)
    assert schedule[0].due_date == start
    for previous, row in itertools.pairwise(schedule):
        months = (
            (row.due_date.year - previous.due_date.year) * 12 + row.due_date.month - previous.due_date.month
        )
        assert months == 1
        assert row.due_date.day == min(start.day, row.due_date.day)
        assert row.due_date.day <= start.day


def test_the_31st_comes_back_after_february():
    schedule = installment_schedule(total=Decimal("300.00"), start=dt.date(2027, 1, 31), count=3)
    assert [row.due_date for row in schedule] == [
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 31),
    ]
    assert [row.amount for row in schedule] == [Decimal("100.00")] * 3


def test_remainder_on_the_last():
    schedule = installment_schedule(total=Decimal("100.00"), start=dt.date(2027, 1, 1), count=3)
    assert [row.amount for row in schedule] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    by_amount = installment_schedule(
        total=Decimal("100.00"), start=dt.date(2027, 1, 1), amount=Decimal("30.00")
    )
    assert [row.amount for row in by_amount] == [Decimal("30.00")] * 3 + [Decimal("10.00")]


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"total": Decimal("0.00"), "count": 2}, "Het totaalbedrag moet meer dan € 0 zijn."),
        ({"total": Decimal("-5.00"), "count": 2}, "Het totaalbedrag moet meer dan € 0 zijn."),
        ({"total": Decimal("100.00"), "count": 0}, "Kies tussen 1 en 60 termijnen."),
        ({"total": Decimal("100.00"), "count": 61}, "Kies tussen 1 en 60 termijnen."),
        (
            {"total": Decimal("100.00"), "amount": Decimal("0.00")},
            "Het bedrag per termijn moet meer dan € 0 zijn.",
        ),
        (
            {"total": Decimal("100.00"), "amount": Decimal("100.01")},
            "Het bedrag per termijn is hoger dan het totaalbedrag.",
        ),
        (
            {"total": Decimal("100.00"), "amount": Decimal("1.00")},
            "Met dit bedrag worden het meer dan 60 termijnen.",
        ),
        ({"total": Decimal("100.00")}, "Kies een aantal termijnen of een bedrag per termijn"),
        (
            {"total": Decimal("100.00"), "count": 2, "amount": Decimal("50.00")},
            "Kies een aantal termijnen of een bedrag per termijn, niet allebei.",
        ),
        ({"total": Decimal("100.001"), "count": 2}, "Vul een bedrag in euro's en centen in."),
        ({"total": Decimal("0.02"), "count": 3}, "Het totaalbedrag is te klein voor zoveel termijnen."),
    ],
)
def test_impossible_input_is_refused(kwargs, reason):
    with pytest.raises(ApplicationError, match=reason):
        installment_schedule(start=dt.date(2027, 1, 1), **kwargs)
