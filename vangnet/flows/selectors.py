"""Reads for the daily run's explanations: a contract's facts, its segment and why, its dossier history."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from vangnet.flows.models import ContractSegment, Enrollment, Hold, Segment, StepRun
from vangnet.flows.segments import Condition, Rule
from vangnet.ledger.models import Contract, ContractRole, ContractStanding
from vangnet.tenants.models import Circumstance, circumstance_in_force_q, period_in_force


def contract_facts(*, contract: Contract, as_of: date) -> dict[str, Any]:
    """The values segment conditions look at, for one contract (the main tenant for tenant fields)."""
    standing = ContractStanding.objects.filter(contract=contract).first()
    party = (
        contract.parties.filter(role=ContractRole.MAIN, removed_from_source_at__isnull=True)
        .select_related("tenant")
        .order_by("pk")
        .first()
    )
    tenant = party.tenant if party else None
    unit = contract.unit
    facts: dict[str, Any] = {
        "late_in_window": standing.late_in_window if standing else None,
        "paid_on_time_share": standing.paid_on_time_share if standing else None,
        "average_days_late": standing.average_days_late if standing else None,
        "max_days_late": standing.max_days_late if standing else None,
        "reversals_in_window": standing.reversals_in_window if standing else None,
        "overdue_amount": standing.overdue_amount if standing else None,
        "days_overdue": standing.oldest_overdue_date if standing else None,
        "unit_kind": unit.kind,
        "complex_code": unit.complex_code,
        "neighbourhood": unit.neighbourhood,
        "municipality": unit.municipality,
        "payment_method": contract.payment_method,
        "contract_ended": contract.end_date is not None and contract.end_date <= as_of,
    }
    if tenant is not None:
        facts |= {
            "tenant_age": tenant.birth_date,
            "tenant_language": tenant.language,
            "debtor_kind": tenant.kind,
            "has_administrator": bool(tenant.administrator_name)
            and period_in_force(tenant.administrator_since, tenant.administrator_until, as_of),
            "debt_counselling": period_in_force(
                tenant.debt_counselling_since, tenant.debt_counselling_until, as_of
            ),
            "wsnp": period_in_force(tenant.wsnp_since, tenant.wsnp_until, as_of),
            "deceased": tenant.deceased_on is not None and tenant.deceased_on <= as_of,
            "no_voice_calls": tenant.no_voice_calls,
            "paper_only": tenant.paper_only,
            "no_email": tenant.no_email,
            "no_sms": tenant.no_sms,
            # (code, name, since) of every circumstance in force: both circumstance fields read these.
            "circumstance": [
                (row.kind.code, row.kind.name, row.starts_on)
                for row in Circumstance.objects.filter(tenant=tenant)
                .filter(circumstance_in_force_q(as_of))
                .select_related("kind")
                .order_by("-starts_on")
            ],
        }
        facts["recent_circumstance"] = facts["circumstance"]
    else:
        facts |= dict.fromkeys(
            (
                "has_administrator",
                "debt_counselling",
                "wsnp",
                "deceased",
                "no_voice_calls",
                "paper_only",
                "no_email",
                "no_sms",
            ),
            False,
        )
        facts |= {"tenant_age": None, "tenant_language": None, "debtor_kind": None}
        facts |= {"circumstance": [], "recent_circumstance": []}
    return facts


@dataclass
class SegmentCheck:
    segment: Segment
    matched: bool
    # (condition, whether it held, the contract's own value as shown to a colleague)
    conditions: list[tuple[Condition, bool, str]]


def shown_value(condition: Condition, facts: dict[str, Any], as_of: date) -> str:
    """The contract's value for a condition, in the words of the condition ("5", "83%", "41 jaar")."""
    value = facts.get(condition.field.key)
    kind = condition.field.kind
    if kind == "days_since":
        days = 0 if value is None else (as_of - value).days
        return ngettext("%(count)s dag", "%(count)s dagen", days) % {"count": days}
    if kind in ("circumstance", "circumstance_days"):
        # The circumstance named with its date: the "why" of a route names what changed it.
        shown = [
            gettext("%(name)s (sinds %(day)s)") % {"name": name, "day": f"{since:%d-%m-%Y}"}
            for _code, name, since in value or ()
        ]
        return ", ".join(shown) or gettext("geen")
    if value is None or value == "":
        return gettext("onbekend")
    if kind == "years_since":
        years = relativedelta(as_of, value).years
        return ngettext("%(count)s jaar", "%(count)s jaar", years) % {"count": years}
    if kind == "percent":
        return f"{Decimal(value) * 100:.0f}%"
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if isinstance(value, Decimal | float):
        # A number as the reader writes it: 1,00 in Dutch, never 1.00.
        return number_format(value, decimal_pos=2 if value % 1 else 0, use_l10n=True)
    return str(value)


@dataclass
class Explanation:
    """Why a contract is where it is: the segments tried in order, its dossiers and holds."""

    segment: Segment | None
    classified_on: date | None
    checks: list[SegmentCheck] = field(default_factory=list)
    enrollment: Enrollment | None = None
    history: list[Enrollment] = field(default_factory=list)
    runs: list[StepRun] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)


def contract_explanation(*, contract: Contract, as_of: date) -> Explanation:
    row = ContractSegment.objects.filter(contract=contract).select_related("segment__flow").first()
    facts = contract_facts(contract=contract, as_of=as_of)
    checks = []
    for segment in Segment.objects.filter(corporation_id=contract.corporation_id, active=True).order_by(
        "position"
    ):
        rule = Rule.parse(segment.conditions, segment.match)
        matched = rule.matches(facts, as_of)
        results = [
            (condition, held, shown_value(condition, facts, as_of))
            for condition, held in rule.evaluate(facts, as_of)
        ]
        checks.append(SegmentCheck(segment, matched, results))
        if matched:
            break
    enrollments = list(
        Enrollment.objects.filter(contract=contract)
        .select_related("flow", "version", "next_step", "segment")
        .prefetch_related("events")
        .order_by("-started_on", "-pk")
    )
    current = next((e for e in enrollments if e.status != "closed"), None)
    runs = list(
        StepRun.objects.filter(enrollment__contract=contract)
        .select_related("step", "enrollment__flow")
        .order_by("-run_on", "-step__position")[:50]
    )
    holds = list(Hold.objects.filter(contract=contract).order_by("-starts_on", "-pk")[:20])
    return Explanation(
        segment=row.segment if row else None,
        classified_on=row.as_of if row else None,
        checks=checks,
        enrollment=current,
        history=enrollments,
        runs=runs,
        holds=holds,
    )
