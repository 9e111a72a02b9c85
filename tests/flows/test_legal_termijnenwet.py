from datetime import date

import pytest

from vangnet.flows.legal.termijnenwet import is_atw_day_off, statutory_term_end


def test_atw_feestdagen_include_5_may_every_year_good_friday_and_equated_days():
    assert is_atw_day_off(date(2026, 5, 5))  # not a lustrum year, still a feestdag in art. 3 Atw
    assert is_atw_day_off(date(2026, 4, 3))  # Good Friday, art. 3 lid 2
    assert is_atw_day_off(date(2026, 5, 15))  # Friday after Ascension, equated by Besluit (art. 3 lid 3)
    assert is_atw_day_off(date(2026, 3, 14))  # Saturday
    assert not is_atw_day_off(date(2026, 3, 13))
    assert is_atw_day_off(date(2026, 3, 13), extra_days_off={date(2026, 3, 13)})


def test_a_term_ending_on_a_weekend_runs_on_to_the_next_working_day():
    # 14 days from Monday 2026-03-02 end on Sunday 2026-03-15 -> Monday 2026-03-16 (art. 1 lid 1).
    assert statutory_term_end(date(2026, 3, 2), 14) == date(2026, 3, 16)
    assert statutory_term_end(date(2026, 3, 2), 11) == date(2026, 3, 12)


def test_a_term_of_three_days_contains_at_least_two_working_days():
    # Fri 25, Sat 26, Sun 27 Dec 2026: art. 1 moves the end to Monday 28, which is only one working day;
    # art. 2 adds Tuesday 29.
    assert statutory_term_end(date(2026, 12, 25), 3) == date(2026, 12, 29)
    # Thu 24 is a working day, so Monday 28 gives two.
    assert statutory_term_end(date(2026, 12, 24), 3) == date(2026, 12, 28)


def test_a_term_lasts_at_least_a_day():
    with pytest.raises(ValueError, match="a term lasts at least one day"):
        statutory_term_end(date(2026, 1, 5), 0)
