"""The statutory interest table (art. 6:119-6:120 BW): every half-year since 2015, each with its source.

The rule is the one the nota van toelichting of Stb. 2014, 491 states: the ECB main refinancing rate at the
end of October (for 1 January) or April (for 1 July) plus 2.25 points, rounded to whole percents (half up).
Each row is checked against that rule with the ECB rate on its reference day, and against the decree it
cites: the rate the decree sets (as quoted in law-and-standards.md §1.2 and the Staatsblad texts it names).
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from vangnet.flows.legal.interest import CONSUMER_RATE_TABLE
from vangnet.flows.models import InterestRate

# ECB main refinancing operations rate in force at the end of April / October before each row (ECB, "Key
# ECB interest rates"): 0.05 % from 10-9-2014, 0.00 % from 16-3-2016, 1.25 % from 14-9-2022 (2.00 % only
# from 2-11-2022), 3.50 % from 22-3-2023, 4.50 % from 20-9-2023, 3.40 % from 23-10-2024, 2.40 % from
# 23-4-2025, 2.15 % from 11-6-2025.
ECB_AT_REFERENCE = {
    dt.date(2015, 1, 1): Decimal("0.05"),
    dt.date(2015, 7, 1): Decimal("0.05"),
    dt.date(2016, 1, 1): Decimal("0.05"),
    **{
        dt.date(year, month, 1): Decimal("0.00")
        for year in range(2016, 2023)
        for month in (1, 7)
        if (year, month) != (2016, 1)
    },
    dt.date(2023, 1, 1): Decimal("1.25"),
    dt.date(2023, 7, 1): Decimal("3.50"),
    dt.date(2024, 1, 1): Decimal("4.50"),
    dt.date(2024, 7, 1): Decimal("4.50"),
    dt.date(2025, 1, 1): Decimal("3.40"),
    dt.date(2025, 7, 1): Decimal("2.40"),
    dt.date(2026, 1, 1): Decimal("2.15"),
}

# What each cited decree sets (its text: "wordt vastgesteld op ... procent"), by the reference in the table.
DECREES = {
    "Stb. 2012, 285": Decimal("3"),
    "Stb. 2014, 491": Decimal("2"),  # "het woord «drie» vervangen door: twee", from 1-1-2015
    "Besluit vaststelling wettelijke rente, BWBR0047640": Decimal("4"),  # "vier procent", from 1-1-2023
    "Stb. 2023, 235": Decimal("6"),  # "verhoogd van 4% naar 6%" per 1-7-2023 (vfn.nl)
    "Stb. 2023, 484": Decimal("7"),  # 7 % from 1-1-2024 (law-and-standards.md §1.2)
}


# Rates a public source states where it departs from our reading of the rule (the government decides, not
# the formula): 6 % stayed in force on 1 July 2025 although ECB 2.40 + 2.25 rounds to 5.
PUBLISHED = {dt.date(2025, 7, 1): Decimal("6")}


def _by_rule(ecb: Decimal) -> Decimal:
    return (ecb + Decimal("2.25")).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def test_every_half_year_since_2015_has_a_row():
    days = [row[0] for row in CONSUMER_RATE_TABLE if row[0].year >= 2015]
    expected = [dt.date(year, month, 1) for year in range(2015, 2027) for month in (1, 7)]
    # No row for 1 July 2026: the reference material gives none and a rate is never guessed.
    assert days == expected[:-1]


@pytest.mark.parametrize("row", [row for row in CONSUMER_RATE_TABLE if row[0].year >= 2015], ids=str)
def test_each_row_follows_the_rule_and_its_listed_source(row):
    valid_from, rate, source = row
    if valid_from in PUBLISHED:
        assert rate == PUBLISHED[valid_from]
        assert source.startswith("gepubliceerd: 6 % sinds 1-7-2025")
        return
    assert rate == _by_rule(ECB_AT_REFERENCE[valid_from])
    cited = [reference for reference in DECREES if source.startswith(reference)]
    if cited:
        assert DECREES[cited[0]] == rate
    else:
        # Not yet checked against the Staatsblad: the row says so, and names the ECB rate it follows.
        assert "te controleren" in source
        assert f"ECB {ECB_AT_REFERENCE[valid_from]:.2f}".replace(".", ",") in source


@pytest.mark.django_db
def test_the_database_table_holds_the_same_rows_and_sources():
    stored = list(InterestRate.objects.order_by("valid_from").values_list("valid_from", "rate", "source"))
    assert [(day, rate) for day, rate, _ in stored] == [(day, rate) for day, rate, _ in CONSUMER_RATE_TABLE]
    assert [source for *_, source in stored] == [source for *_, source in CONSUMER_RATE_TABLE]
