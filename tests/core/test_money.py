from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.core.money import format_euro, parse_euro


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250", Decimal("250.00")),
        ("250,5", Decimal("250.50")),
        ("250.50", Decimal("250.50")),
        ("1.250,00", Decimal("1250.00")),
        ("€ 1.250", Decimal("1250.00")),
        ("1250.00", Decimal("1250.00")),
        ("12.345.678,90", Decimal("12345678.90")),
    ],
)
def test_amounts_as_people_type_them(text, expected):
    assert parse_euro(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "-5", "1.2345", "12,345", "1e3", "NaN"])
def test_what_is_not_an_amount(text):
    assert parse_euro(text) is None


@given(st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False))
def test_what_we_print_we_read_back(value):
    assert parse_euro(format_euro(value)) == value
