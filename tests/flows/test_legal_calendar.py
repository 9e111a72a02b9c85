from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vangnet.core.channels import ChannelKind as Channel
from vangnet.flows.legal.calendar import (
    add_business_days,
    is_business_day,
    is_sending_day,
    next_sending_day,
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def test_weekdays_are_business_days_unless_a_public_holiday():
    assert is_business_day(date(2026, 3, 10))  # Tuesday
    assert not is_business_day(date(2026, 3, 14))  # Saturday
    assert not is_business_day(date(2026, 3, 15))  # Sunday
    assert not is_business_day(date(2026, 4, 3))  # Good Friday
    assert not is_business_day(date(2026, 4, 6))  # Easter Monday
    assert not is_business_day(date(2026, 4, 27))  # Koningsdag on a Monday
    assert not is_business_day(date(2026, 5, 14))  # Ascension Day
    assert not is_business_day(date(2026, 12, 25))


def test_bevrijdingsdag_is_a_day_off_only_in_lustrum_years_as_the_holidays_package_has_it():
    assert not is_business_day(date(2025, 5, 5))
    assert is_business_day(date(2026, 5, 5))


def test_koningsdag_on_a_sunday_moves_to_the_saturday_before():
    assert not is_business_day(date(2025, 4, 26))
    assert is_business_day(date(2025, 4, 28))


def test_add_business_days_skips_weekends_and_holidays():
    assert add_business_days(date(2026, 3, 13), 1) == date(2026, 3, 16)  # Friday -> Monday
    assert add_business_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # over Easter
    assert add_business_days(date(2026, 4, 2), 2) == date(2026, 4, 8)
    assert add_business_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_business_days(date(2026, 3, 14), 0) == date(2026, 3, 14)


def test_messages_may_go_out_on_saturday_but_letters_wait_for_a_business_day():
    saturday = date(2026, 3, 14)
    assert is_sending_day(saturday, Channel.EMAIL)
    assert is_sending_day(saturday, "sms")
    assert not is_sending_day(saturday, Channel.LETTER)
    assert not is_sending_day(saturday)  # the default is the strictest channel


def test_nothing_goes_out_on_sundays_or_public_holidays():
    for day in (date(2026, 3, 15), date(2026, 12, 25), date(2026, 4, 27)):
        for channel in Channel:
            assert not is_sending_day(day, channel)


def test_next_sending_day():
    # Second Christmas Day 2026 is a Saturday, then a Sunday.
    assert next_sending_day(date(2026, 12, 26), Channel.EMAIL) == date(2026, 12, 28)
    assert next_sending_day(date(2026, 12, 24), Channel.LETTER) == date(2026, 12, 24)
    assert next_sending_day(date(2026, 12, 25), Channel.LETTER) == date(2026, 12, 28)
    assert next_sending_day(date(2026, 3, 14), Channel.SMS) == date(2026, 3, 14)
    assert next_sending_day(date(2026, 3, 14), Channel.LETTER) == date(2026, 3, 16)


@given(days, st.integers(min_value=1, max_value=40))
def test_add_business_days_lands_on_the_nth_business_day(day, n):
    result = add_business_days(day, n)
    assert is_business_day(result)
    between = [day + timedelta(days=i) for i in range(1, (result - day).days + 1)]
    assert sum(1 for d in between if is_business_day(d)) == n
    assert add_business_days(result, -n) <= day


@given(days, st.sampled_from(list(Channel)))
def test_next_sending_day_is_the_first_sending_day_on_or_after(day, channel):
    result = next_sending_day(day, channel)
    assert result >= day
    assert is_sending_day(result, channel)
    assert not any(is_sending_day(day + timedelta(days=i), channel) for i in range((result - day).days))
