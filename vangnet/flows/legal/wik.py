"""Buitengerechtelijke incassokosten (WIK): art. 6:96 lid 2 sub c, lid 5-6 BW and the Besluit vergoeding voor
buitengerechtelijke incassokosten (Stb. 2012, 141), art. 2.

Art. 2 lid 1 sets the fee as a sliding scale over the hoofdsom (principal) with a maximum of € 6 775, lid 2 a
minimum of € 40. The fee is computed over the principal only: not over statutory interest, and independent of
the number of reminders or of who collects. Lid 3 allows a VAT uplift only when the creditor buys a VAT-taxed
collection service, cannot deduct that VAT and explicitly says so in the claim; residential rent is VAT-exempt
and a corporation collecting itself never qualifies, hence no uplift unless configured.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
MINIMUM = Decimal("40")
MAXIMUM = Decimal("6775")

# (upper bound of the slice of the principal, rate for that slice); None = no upper bound.
STAFFEL: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("2500"), Decimal("0.15")),
    (Decimal("5000"), Decimal("0.10")),
    (Decimal("10000"), Decimal("0.05")),
    (Decimal("200000"), Decimal("0.01")),
    (None, Decimal("0.005")),
)


def collection_costs(principal: Decimal, *, vat_uplift: Decimal | None = None) -> Decimal:
    """The fee of art. 2 Besluit BIK for a principal, in euros rounded to cents (ROUND_HALF_UP).

    ``vat_uplift`` is a VAT percentage such as ``Decimal("21")`` (art. 9 lid 1 Wet OB), applied on top of the
    capped fee as art. 2 lid 3 prescribes; only pass it when the corporation has made the declaration that
    lid 3 requires.

    The Besluit does not say how to round. Rounding half up means that, on a principal where the exact fee
    ends in half a cent, the result is half a cent above the exact scale amount.
    """
    if not isinstance(principal, Decimal):
        raise TypeError("principal must be a Decimal")
    if principal <= 0:
        raise ValueError("collection costs need a positive principal")
    fee = Decimal("0")
    lower = Decimal("0")
    for upper, rate in STAFFEL:
        top = principal if upper is None else min(principal, upper)
        if top <= lower:
            break
        fee += (top - lower) * rate
        if upper is None:
            break
        lower = upper
    fee = min(max(fee, MINIMUM), MAXIMUM)
    if vat_uplift is not None:
        fee *= 1 + _vat_fraction(vat_uplift)
    return fee.quantize(CENT, rounding=ROUND_HALF_UP)


def combined_principal(items: Iterable[Decimal]) -> Decimal:
    """Principal for one 14-day letter that covers several unpaid items (e.g. rent of January and February).

    The principals are added and the scale is applied once to the total, never per item (which would charge
    the € 40 minimum and the steep first slice several times). Source: DAS, "hoe gaat u om met meerdere
    vorderingen", in law-and-standards.md §1.1 point 8. The Wki amendment of the cumulation rule for
    termijnvorderingen (Kamerstuk 35733) is still to be verified, so callers should keep the aggregation a
    configurable choice.
    """
    total = Decimal("0")
    count = 0
    for item in items:
        if item <= 0:
            raise ValueError("every item in a combined principal must be a positive unpaid amount")
        total += item
        count += 1
    if not count:
        raise ValueError("a combined principal needs at least one item")
    return total


def combined_collection_costs(items: Iterable[Decimal], *, vat_uplift: Decimal | None = None) -> Decimal:
    """``collection_costs`` over ``combined_principal(items)``: the scale applied once."""
    return collection_costs(combined_principal(items), vat_uplift=vat_uplift)


def _vat_fraction(percentage: Decimal) -> Decimal:
    # A fraction such as 0.21 passed by mistake would silently add 0.21 %; refuse it instead of guessing.
    if not isinstance(percentage, Decimal) or not Decimal("1") <= percentage < Decimal("100"):
        raise ValueError("vat_uplift is a VAT percentage such as Decimal('21')")
    return percentage / 100
