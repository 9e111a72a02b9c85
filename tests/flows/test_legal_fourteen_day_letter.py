from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.core.calendar import is_business_day
from vangnet.core.channels import ChannelKind as Channel
from vangnet.flows.legal.fourteen_day_letter import (
    TERM_WORDING_NL,
    costs_may_be_charged,
    costs_notice_nl,
    delivery_date,
    term_end,
)

D = Decimal
send_days = st.dates(min_value=date(2023, 1, 1), max_value=date(2032, 12, 31))
letter_channels = st.sampled_from([Channel.LETTER, Channel.EMAIL])


def test_a_letter_sent_on_friday_is_delivered_on_tuesday_and_the_term_ends_two_weeks_later():
    friday = date(2026, 3, 27)
    assert delivery_date(friday, Channel.LETTER) == date(2026, 3, 31)
    # Term runs Wednesday 1 April up to and including Tuesday 14 April.
    assert term_end(friday, Channel.LETTER) == date(2026, 4, 14)


def test_an_email_is_delivered_on_the_send_day():
    friday = date(2026, 3, 27)
    assert delivery_date(friday, Channel.EMAIL) == friday
    assert term_end(friday, "email") == date(2026, 4, 10)


def test_a_letter_before_easter_waits_for_good_friday_and_easter_monday():
    thursday = date(2026, 4, 2)
    assert delivery_date(thursday, Channel.LETTER) == date(2026, 4, 8)
    assert term_end(thursday, Channel.LETTER) == date(2026, 4, 22)


def test_a_letter_before_koningsdag():
    friday = date(2026, 4, 24)  # Monday 27 April is Koningsdag
    assert delivery_date(friday, Channel.LETTER) == date(2026, 4, 29)
    assert term_end(friday, Channel.LETTER) == date(2026, 5, 13)


def test_before_christmas_the_email_term_runs_past_new_years_day_and_the_weekend():
    friday = date(2026, 12, 18)
    # Delivered the same day, term 19 Dec - 1 Jan; 1 Jan 2027 is a Friday and a feestdag -> Monday 4 Jan.
    assert term_end(friday, Channel.EMAIL) == date(2027, 1, 4)
    # The letter arrives Tuesday 22 December; term 23 Dec - 5 Jan.
    assert term_end(friday, Channel.LETTER) == date(2027, 1, 5)


def test_5_may_extends_the_term_in_every_year_under_the_algemene_termijnenwet():
    # Delivered Tuesday 21 April 2026, term would end Tuesday 5 May: a feestdag for the Atw even though 2026 is
    # not a lustrum year (and 5 May 2026 is a business day for sending).
    assert is_business_day(date(2026, 5, 5))
    assert term_end(date(2026, 4, 17), Channel.LETTER) == date(2026, 5, 6)


def test_equated_days_extend_the_term():
    # Email on 30 April 2026: term would end on Ascension Day (14 May); Friday 15 May 2026 is equated with a
    # feestdag, then the weekend, so Monday 18 May.
    assert term_end(date(2026, 4, 30), Channel.EMAIL) == date(2026, 5, 18)


def test_the_letter_term_ends_later_than_the_email_term():
    sent = date(2026, 6, 1)
    assert term_end(sent, Channel.LETTER) > term_end(sent, Channel.EMAIL)


def test_an_sms_is_no_14_day_letter():
    with pytest.raises(ValueError, match="a 14-day letter cannot be sent by sms"):
        delivery_date(date(2026, 6, 1), Channel.SMS)
    with pytest.raises(ValueError, match="'fax' is not a valid Channel"):
        term_end(date(2026, 6, 1), "fax")


def test_costs_only_after_the_term_has_passed_unpaid():
    sent = date(2026, 3, 27)  # term ends Tuesday 14 April
    charge = dict(letter_sent_on=sent, channel=Channel.LETTER)
    assert not costs_may_be_charged(**charge, as_of=date(2026, 4, 14), paid_in_full_on=None)
    assert costs_may_be_charged(**charge, as_of=date(2026, 4, 15), paid_in_full_on=None)
    # Paid on the last day: in time.
    assert not costs_may_be_charged(**charge, as_of=date(2026, 5, 1), paid_in_full_on=date(2026, 4, 14))
    # Paid a day late: the costs became due and stay due.
    assert costs_may_be_charged(**charge, as_of=date(2026, 5, 1), paid_in_full_on=date(2026, 4, 15))
    # Paid before the letter was even delivered.
    assert not costs_may_be_charged(**charge, as_of=date(2026, 5, 1), paid_in_full_on=date(2026, 3, 30))


def test_the_statutory_wording_and_the_costs_sentence():
    assert TERM_WORDING_NL == "binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd"
    sentence = costs_notice_nl(D("1000.00"))
    assert TERM_WORDING_NL in sentence
    assert "€ 1.000,00" in sentence
    assert "€ 150,00 incassokosten" in sentence
    assert "dagtekening" not in sentence
    assert "btw" not in sentence


def test_the_costs_sentence_declares_a_vat_uplift():
    sentence = costs_notice_nl(D("1000.00"), vat_uplift=D("21"))
    assert "€ 181,50 incassokosten" in sentence
    assert "niet verrekenen" in sentence
    assert "21% btw" in sentence


@given(send_days, letter_channels)
def test_the_term_always_ends_on_a_business_day_at_least_fourteen_days_after_delivery(sent_on, channel):
    end = term_end(sent_on, channel)
    assert is_business_day(end)
    assert end >= delivery_date(sent_on, channel) + timedelta(days=14)
    # A letter is delivered two business days after posting, so never before sent_on + 16.
    assert end >= sent_on + timedelta(days=16 if channel == Channel.LETTER else 14)
    assert end <= delivery_date(sent_on, channel) + timedelta(days=14 + 7)


@given(send_days, letter_channels)
def test_costs_are_never_due_within_fifteen_days_of_sending(sent_on, channel):
    for offset in range(15):
        assert not costs_may_be_charged(
            letter_sent_on=sent_on,
            channel=channel,
            as_of=sent_on + timedelta(days=offset),
            paid_in_full_on=None,
        )
    day_after = term_end(sent_on, channel) + timedelta(days=1)
    assert costs_may_be_charged(
        letter_sent_on=sent_on, channel=channel, as_of=day_after, paid_in_full_on=None
    )
