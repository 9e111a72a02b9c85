"""Whether a tenant's proposal for an arrangement may be approved at once: a pure function over facts.

The rules are checked in this order and the first that fails decides (its code is stored with the
arrangement, so a colleague and the report can see why):

1. already_running        another arrangement is active or being looked at
2. tenancy_too_short      the tenancy is shorter than min_tenancy_months
3. broken_recently        an arrangement was broken within broken_lookback_months
4. rent_not_current       (require_rent_current) last month's rent was not paid
5. too_many_installments  more than max_installments
6. installment_too_small  an instalment below min_installment_amount
7. total_too_high         the total above max_total

Nothing failed: within_rules.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext

from vangnet.arrangements.models import ArrangementPolicy
from vangnet.core.money import format_euro

RULE_ORDER = (
    "already_running",
    "tenancy_too_short",
    "broken_recently",
    "rent_not_current",
    "too_many_installments",
    "installment_too_small",
    "total_too_high",
)
WITHIN_RULES = "within_rules"


@dataclass(frozen=True)
class ProposalFacts:
    tenancy_months: int
    broken_recently: bool
    running_arrangement: bool
    open_balance: Decimal
    monthly_rent: Decimal
    paid_last_month: Decimal

    @property
    def rent_current(self) -> bool:
        return self.paid_last_month >= self.monthly_rent


@dataclass(frozen=True)
class Proposal:
    total: Decimal
    count: int
    start_date: date

    @property
    def installment_amount(self) -> Decimal:
        """The smallest instalment of the schedule: all but the last are this, the last one a little more."""
        return (self.total / self.count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


@dataclass(frozen=True)
class Decision:
    approved: bool
    rule: str
    reason: str


def _refused(rule: str, reason: str) -> Decision:
    return Decision(approved=False, rule=rule, reason=reason)


def arrangement_rules_evaluate(
    *, policy: ArrangementPolicy, facts: ProposalFacts, proposal: Proposal, as_of: date
) -> Decision:
    """The first rule (in RULE_ORDER) the proposal fails, with a plain sentence for the tenant."""
    if facts.running_arrangement:
        return _refused(
            "already_running",
            gettext("U heeft al een betalingsregeling, of we kijken nog naar uw vorige aanvraag."),
        )
    if facts.tenancy_months < policy.min_tenancy_months:
        return _refused(
            "tenancy_too_short",
            gettext(
                "U huurt uw woning korter dan %(months)s maanden. Dan kijkt een medewerker zelf naar uw "
                "voorstel."
            )
            % {"months": policy.min_tenancy_months},
        )
    if facts.broken_recently:
        return _refused(
            "broken_recently",
            gettext(
                "U had in de laatste %(months)s maanden een regeling die niet is gelukt. Dan kijkt een "
                "medewerker zelf naar uw voorstel."
            )
            % {"months": policy.broken_lookback_months},
        )
    if policy.require_rent_current and not facts.rent_current:
        return _refused(
            "rent_not_current",
            gettext(
                "De huur van de afgelopen maand is nog niet (helemaal) betaald. Naast de regeling moet "
                "ook de gewone huur betaald worden. Een medewerker kijkt met u mee."
            ),
        )
    if proposal.count > policy.max_installments:
        return _refused(
            "too_many_installments",
            gettext("U kunt in maximaal %(max)s termijnen betalen. Een medewerker kijkt naar uw voorstel.")
            % {"max": policy.max_installments},
        )
    if proposal.installment_amount < policy.min_installment_amount:
        return _refused(
            "installment_too_small",
            gettext(
                "Een termijn moet minimaal %(amount)s zijn. Kies minder termijnen, of wacht op een "
                "medewerker die naar uw voorstel kijkt."
            )
            % {"amount": format_euro(policy.min_installment_amount)},
        )
    if proposal.total > policy.max_total:
        return _refused(
            "total_too_high",
            gettext(
                "Het bedrag is hoger dan %(amount)s. Voor een regeling van dit bedrag kijkt een medewerker "
                "zelf naar uw voorstel."
            )
            % {"amount": format_euro(policy.max_total)},
        )
    return Decision(
        approved=True,
        rule=WITHIN_RULES,
        reason=gettext("Uw voorstel past binnen onze regels. De betalingsregeling is afgesproken."),
    )


def staff_explanation(
    *, policy: ArrangementPolicy, facts: ProposalFacts, proposal: Proposal, rule: str
) -> str:
    """For the colleague's review task: the rule with the numbers that made it fail."""
    details = {
        "already_running": gettext("Er loopt al een regeling of aanvraag op dit contract."),
        "tenancy_too_short": gettext("Huurduur %(months)s maanden; het beleid vraagt minimaal %(min)s.")
        % {"months": facts.tenancy_months, "min": policy.min_tenancy_months},
        "broken_recently": gettext("Een regeling is niet nagekomen in de laatste %(months)s maanden.")
        % {"months": policy.broken_lookback_months},
        "rent_not_current": gettext("Betaald in de laatste maand: %(paid)s; maandhuur %(rent)s.")
        % {"paid": format_euro(facts.paid_last_month), "rent": format_euro(facts.monthly_rent)},
        "too_many_installments": gettext("%(count)s termijnen gevraagd; het beleid staat er %(max)s toe.")
        % {"count": proposal.count, "max": policy.max_installments},
        "installment_too_small": gettext("Termijn van %(amount)s; het beleid vraagt minimaal %(min)s.")
        % {
            "amount": format_euro(proposal.installment_amount),
            "min": format_euro(policy.min_installment_amount),
        },
        "total_too_high": gettext("Totaal %(total)s; het beleid staat tot %(max)s toe.")
        % {"total": format_euro(proposal.total), "max": format_euro(policy.max_total)},
    }
    return details.get(rule, "")


def staff_proposal_warnings(
    *, policy: ArrangementPolicy, total: Decimal, amounts: list[Decimal]
) -> list[str]:
    """What makes a colleague's schedule fall outside the corporation's policy, in words (empty: within).

    A colleague may still register it, with a reason (arrangement_create's override_reason)."""
    warnings = []
    if len(amounts) > policy.max_installments:
        warnings.append(
            gettext("%(count)s termijnen is meer dan het beleid toestaat (hoogstens %(max)s).")
            % {"count": len(amounts), "max": policy.max_installments}
        )
    smallest = min(amounts, default=None)
    if smallest is not None and smallest < policy.min_installment_amount:
        warnings.append(
            gettext("Een termijn van %(amount)s is kleiner dan het beleid toestaat (minimaal %(min)s).")
            % {"amount": format_euro(smallest), "min": format_euro(policy.min_installment_amount)}
        )
    if total > policy.max_total:
        warnings.append(
            gettext("Het totaal van %(total)s is hoger dan het beleid toestaat (hoogstens %(max)s).")
            % {"total": format_euro(total), "max": format_euro(policy.max_total)}
        )
    return warnings
