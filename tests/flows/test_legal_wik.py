from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.flows.legal.wik import (
    MAXIMUM,
    MINIMUM,
    collection_costs,
    combined_collection_costs,
    combined_principal,
)

D = Decimal
principals = st.decimals(
    min_value=D("0.01"), max_value=D("3000000"), places=2, allow_nan=False, allow_infinity=False
)


@pytest.mark.parametrize(
    ("principal", "costs"),
    [
        ("100", "40.00"),
        ("500", "75.00"),
        ("1000", "150.00"),
        ("2500", "375.00"),
        ("3000", "425.00"),
        ("6000", "675.00"),
        ("15000", "925.00"),
        ("200000", "2775.00"),
        ("1000000", "6775.00"),
        ("1360000", "6775.00"),
        ("100000000", "6775.00"),
        ("0.01", "40.00"),
        ("266.67", "40.00"),
        ("1234.50", "185.18"),  # 185.175 rounds half up
    ],
)
def test_worked_values_of_the_staffel(principal, costs):
    assert collection_costs(D(principal)) == D(costs)


def test_half_a_cent_is_rounded_up():
    # 15 % of 666.70 is 100.005: ROUND_HALF_UP gives 100.01, half a cent above the exact scale amount.
    assert collection_costs(D("666.70")) == D("100.01")


def test_vat_uplift_only_when_configured_and_on_top_of_the_cap():
    assert collection_costs(D("1000"), vat_uplift=D("21")) == D("181.50")
    assert collection_costs(D("100"), vat_uplift=D("21")) == D("48.40")
    assert collection_costs(D("5000000"), vat_uplift=D("21")) == D("8197.75")


@pytest.mark.parametrize("bad", [D("0.21"), D("0"), D("-21"), D("100")])
def test_vat_uplift_must_be_a_percentage(bad):
    with pytest.raises(ValueError, match="vat_uplift is a VAT percentage"):
        collection_costs(D("1000"), vat_uplift=bad)


@pytest.mark.parametrize("bad", [D("0"), D("-0.01"), D("-500")])
def test_no_costs_without_a_positive_principal(bad):
    with pytest.raises(ValueError, match="collection costs need a positive principal"):
        collection_costs(bad)


def test_floats_are_refused():
    with pytest.raises(TypeError, match="principal must be a Decimal"):
        collection_costs(100.0)  # type: ignore[arg-type]


def test_several_months_are_added_before_the_staffel_is_applied_once():
    assert combined_principal([D("700"), D("700")]) == D("1400")
    # Three months of 900: 2 700 -> 375 + 20 = 395, not 3 x 135 = 405.
    assert combined_collection_costs([D("900")] * 3) == D("395.00")
    # Two small months: one minimum of 40, not two.
    assert combined_collection_costs([D("100"), D("100")]) == D("40.00")


def test_combined_principal_refuses_empty_and_non_positive_items():
    with pytest.raises(ValueError, match="a combined principal needs at least one item"):
        combined_principal([])
    with pytest.raises(
        ValueError, match="every item in a combined principal must be a positive unpaid amount"
    ):
        combined_principal([D("700"), D("-700")])


@given(principals, principals)
def test_costs_never_decrease_when_the_principal_grows(a, b):
    low, high = sorted((a, b))
    assert collection_costs(low) <= collection_costs(high)


@given(principals)
def test_costs_stay_between_the_minimum_and_the_maximum(principal):
    assert MINIMUM <= collection_costs(principal) <= MAXIMUM


@given(principals.filter(lambda p: p >= D("266.67")))
def test_costs_never_exceed_fifteen_percent_from_266_67(principal):
    # Up to the rounding of the exact amount to cents (half a cent at most, see test_half_a_cent_is_rounded_up).
    fifteen_percent = (principal * D("0.15")).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert collection_costs(principal) <= fifteen_percent


@given(st.lists(principals, min_size=1, max_size=12))
def test_one_letter_for_several_items_costs_at_least_any_item_and_at_most_all_of_them(items):
    combined = combined_collection_costs(items)
    singles = [collection_costs(item) for item in items]
    assert combined >= max(singles)
    # The scale is concave, so combining never charges more than separate letters (one cent of rounding each).
    assert combined <= sum(singles) + D("0.01") * len(items)
