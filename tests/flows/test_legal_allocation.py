from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.flows.legal.allocation import allocate_within_claim

D = Decimal
amounts = st.decimals(
    min_value=D("0"), max_value=D("100000"), places=2, allow_nan=False, allow_infinity=False
)


def test_costs_then_interest_then_principal():
    assert allocate_within_claim(D("100"), costs=D("40"), interest=D("10"), principal=D("500")) == (
        D("40"),
        D("10"),
        D("50"),
        D("0"),
    )
    assert allocate_within_claim(D("30"), costs=D("40"), interest=D("10"), principal=D("500")) == (
        D("30"),
        D("0"),
        D("0"),
        D("0"),
    )


def test_an_overpayment_leaves_a_remainder():
    result = allocate_within_claim(D("600"), costs=D("40"), interest=D("10"), principal=D("500"))
    assert result.remainder == D("50")
    assert (result.to_costs, result.to_interest, result.to_principal) == (D("40"), D("10"), D("500"))


def test_negative_amounts_and_floats_are_refused():
    with pytest.raises(ValueError, match="payment cannot be negative"):
        allocate_within_claim(D("-1"), costs=D("0"), interest=D("0"), principal=D("10"))
    with pytest.raises(ValueError, match="costs cannot be negative"):
        allocate_within_claim(D("1"), costs=D("-40"), interest=D("0"), principal=D("10"))
    with pytest.raises(TypeError, match="payment must be a Decimal"):
        allocate_within_claim(1.0, costs=D("0"), interest=D("0"), principal=D("10"))  # type: ignore[arg-type]


@given(amounts, amounts, amounts, amounts)
def test_allocation_preserves_the_payment_and_fills_in_order(payment, costs, interest, principal):
    to_costs, to_interest, to_principal, remainder = allocate_within_claim(
        payment, costs=costs, interest=interest, principal=principal
    )
    assert to_costs + to_interest + to_principal + remainder == payment
    assert D("0") <= to_costs <= costs
    assert D("0") <= to_interest <= interest
    assert D("0") <= to_principal <= principal
    assert remainder >= 0
    if to_interest > 0:
        assert to_costs == costs
    if to_principal > 0:
        assert to_costs == costs
        assert to_interest == interest
    if remainder > 0:
        assert (to_costs, to_interest, to_principal) == (costs, interest, principal)
    # Nothing is left unallocated while something is still owed.
    assert remainder == max(D("0"), payment - costs - interest - principal)
