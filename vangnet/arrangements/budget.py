"""What a tenant can pay: a short budget check and the living-allowance norm behind it (pure, no database).

The tenant (or a colleague on the phone) enters the household's net income per month, its fixed costs
(rent after huurtoeslag, energy, insurance, care, debts already being paid) and the household's make-up.
What is left after the fixed costs and a living allowance (leefgeld: food, clothes, household, transport,
phone, personal costs) is what the household can pay per month towards an arrangement.

The basis is the approach of the Nibud's budget advice and of the VTLB (vrij te laten bedrag, the
Recofa-method the courts and bailiffs use): fixed costs are paid first, a living allowance that depends on
the household stays free, and only what is left goes to debts. The default amounts below are a plain,
rounded approximation of those norms for the costs that are not fixed costs here; they are not official
figures. A corporation sets its own amounts on its arrangement policy (the `budget_*` fields of
`ArrangementPolicy`, changed with `arrangement_policy_set`); a new policy starts from the amounts here.
Change the defaults in DEFAULT_NORM (and in docs/credit-management.md) when the Nibud's figures move.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


class HouseholdType(models.TextChoices):
    SINGLE = "single", _("Alleen")
    COUPLE = "couple", _("Met partner")
    SINGLE_PARENT = "single_parent", _("Alleen, met kinderen")
    COUPLE_CHILDREN = "couple_children", _("Met partner en kinderen")


WITH_CHILDREN = (HouseholdType.SINGLE_PARENT, HouseholdType.COUPLE_CHILDREN)


@dataclass(frozen=True)
class BudgetNorm:
    """The living allowance per month: a base per household type, plus an amount per child."""

    single: Decimal
    couple: Decimal
    single_parent: Decimal
    couple_children: Decimal
    per_child: Decimal

    def allowance(self, household: str, children: int) -> Decimal:
        base = {
            HouseholdType.SINGLE: self.single,
            HouseholdType.COUPLE: self.couple,
            HouseholdType.SINGLE_PARENT: self.single_parent,
            HouseholdType.COUPLE_CHILDREN: self.couple_children,
        }[HouseholdType(household)]
        kids = children if household in WITH_CHILDREN else 0
        return base + self.per_child * kids


# The defaults: a living allowance per month next to the fixed costs the check asks for.
DEFAULT_NORM = BudgetNorm(
    single=Decimal("800.00"),
    couple=Decimal("1150.00"),
    single_parent=Decimal("950.00"),
    couple_children=Decimal("1300.00"),
    per_child=Decimal("275.00"),
)


@dataclass(frozen=True)
class BudgetFigures:
    """What the tenant entered, per month."""

    household: str
    children: int
    income: Decimal
    rent: Decimal = ZERO
    energy: Decimal = ZERO
    insurance: Decimal = ZERO
    care: Decimal = ZERO
    debts: Decimal = ZERO

    @property
    def fixed_costs(self) -> Decimal:
        return self.rent + self.energy + self.insurance + self.care + self.debts


@dataclass(frozen=True)
class BudgetResult:
    income: Decimal
    fixed_costs: Decimal
    allowance: Decimal
    # Whole euros, never below zero: what can go to an arrangement each month.
    affordable: Decimal

    @property
    def nothing_affordable(self) -> bool:
        return self.affordable <= 0


def budget_affordable(figures: BudgetFigures, norm: BudgetNorm = DEFAULT_NORM) -> BudgetResult:
    """Income minus fixed costs minus the living allowance, rounded down to whole euros, at least zero."""
    allowance = norm.allowance(figures.household, figures.children)
    left = figures.income - figures.fixed_costs - allowance
    affordable = max(left, ZERO).quantize(Decimal("1"), rounding=ROUND_DOWN).quantize(Decimal("0.01"))
    return BudgetResult(
        income=figures.income, fixed_costs=figures.fixed_costs, allowance=allowance, affordable=affordable
    )


def budget_months_needed(*, total: Decimal, affordable: Decimal) -> int | None:
    """The fewest monthly instalments of at most `affordable` that pay `total`; None when nothing fits."""
    if affordable <= 0:
        return None
    if total <= 0:
        return 0
    whole, rest = divmod(total, affordable)
    return int(whole) + (1 if rest else 0)


def budget_problems(figures: BudgetFigures) -> list[tuple[str, str]]:
    """(field, message) for figures that cannot be right; empty when the check can be made."""
    problems: list[tuple[str, str]] = []
    if figures.household not in HouseholdType.values:
        problems.append(("household", str(_("Kies hoe uw huishouden eruitziet."))))
    elif figures.household in WITH_CHILDREN and figures.children < 1:
        problems.append(("children", str(_("Vul in hoeveel kinderen er in uw huishouden zijn."))))
    if figures.children < 0 or figures.children > 15:
        problems.append(("children", str(_("Vul een aantal kinderen in van 0 tot en met 15."))))
    amounts = (
        figures.income,
        figures.rent,
        figures.energy,
        figures.insurance,
        figures.care,
        figures.debts,
    )
    if any(amount < 0 or amount > Decimal("100000") for amount in amounts):
        problems.append(("income", str(_("Vul bedragen per maand in van 0 tot 100.000 euro."))))
    return problems


@dataclass(frozen=True)
class BudgetAdvice:
    """What the check says about a proposal of `count` instalments for `total`."""

    monthly: Decimal | None  # about what one instalment is (None: no proposal yet)
    above: bool  # the instalment is more than what is left
    suggested_count: int | None  # the fewest months within what is left, at most `max_count`
    debt_help: bool  # nothing is left, or even `max_count` months are too much: free debt help first


def budget_advice(
    *, total: Decimal, affordable: Decimal, count: int | None, max_count: int = 60
) -> BudgetAdvice:
    monthly = None
    if count:
        monthly = (total / count).quantize(Decimal("0.01"), rounding=ROUND_UP)
    needed = budget_months_needed(total=total, affordable=affordable)
    debt_help = needed is None or needed > max_count
    return BudgetAdvice(
        monthly=monthly,
        above=monthly is not None and monthly > affordable,
        # Two at least: one instalment is no arrangement.
        suggested_count=None if needed is None or debt_help else max(needed, 2),
        debt_help=debt_help,
    )
