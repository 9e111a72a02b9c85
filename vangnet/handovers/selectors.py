"""Reads for hand-overs: the checks a manager sees before approving, the lists, and success per agency.

Every read here is set-based: the checks of a whole page of proposals cost the same handful of queries as
the checks of one.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, Q, QuerySet, Sum

from vangnet.arrangements.models import Arrangement, ArrangementStatus, live_arrangements_q
from vangnet.core.models import Corporation
from vangnet.disputes.models import Dispute, DisputeStatus
from vangnet.flows.models import Enrollment, Hold, HoldKind
from vangnet.handovers.models import (
    HANDED_OVER_STATUSES,
    ZERO,
    Agency,
    AgencyKind,
    Handover,
    HandoverPolicy,
    HandoverStatus,
    VulnerableMode,
    WkiCheck,
)
from vangnet.ledger.models import ContractRole, ContractStanding, ContractTenant, InvoiceCategory, LedgerEntry
from vangnet.tenants.models import period_in_force_q

# A WKI registration is valid for a year (Justis); a check older than that proves nothing any more.
WKI_VALID_DAYS = 365


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    ok: bool
    detail: str = ""
    # A failed blocking check refuses the approval; a failed warning is shown and accepted by approving.
    blocking: bool = True


def policy_of(corporation: Corporation) -> HandoverPolicy:
    policy = HandoverPolicy.objects.filter(corporation=corporation).first()
    return policy or HandoverPolicy(corporation=corporation)


def agency_refusal(agency: Agency, *, as_of: date) -> str | None:
    """Why nothing may be handed to this agency today, or None. Wki: an incassobureau must be in the Justis
    register, checked within the last 12 months; a bailiff needs its KvK or office number instead."""
    if not agency.active:
        return f"{agency.name} is niet actief."
    if agency.kind == AgencyKind.BAILIFF:
        if not (agency.office_number or agency.kvk_number):
            return f"Van gerechtsdeurwaarder {agency.name} ontbreekt het kantoor- of KvK-nummer."
        return None
    check = WkiCheck.objects.filter(agency=agency).order_by("-checked_on", "-pk").first()
    if check is None:
        return f"{agency.name} is nog niet gecontroleerd in het register incassodienstverlening (Wki)."
    if not check.registered:
        return (
            f"{agency.name} stond op {check.checked_on:%d-%m-%Y} niet in het register incassodienstverlening "
            "(Wki)."
        )
    if check.checked_on < as_of - timedelta(days=WKI_VALID_DAYS):
        return (
            f"De Wki-controle van {agency.name} is van {check.checked_on:%d-%m-%Y}, ouder dan 12 maanden: "
            "controleer het register opnieuw."
        )
    return None


def _by_contract(queryset: QuerySet, contract_ids: list[int], *fields: str) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = defaultdict(list)
    for row in queryset.filter(contract_id__in=contract_ids).values_list("contract_id", *fields):
        found[row[0]].append(row[1:])
    return found


def proposal_checks(handovers: list[Handover], *, as_of: date) -> dict[int, list[Check]]:
    """The checks of art. 6:96 BW and the corporation's policy per proposal, in a fixed number of queries."""
    if not handovers:
        return {}
    corporation = handovers[0].corporation
    policy = policy_of(corporation)
    contract_ids = [h.contract_id for h in handovers]
    terms = dict(
        Enrollment.objects.filter(contract_id__in=contract_ids)
        .values("contract_id")
        .annotate(term=Max("letter_term_end"))
        .values_list("contract_id", "term")
    )
    disputes = _by_contract(Dispute.objects.filter(status=DisputeStatus.OPEN), contract_ids, "pk")
    holds = _by_contract(
        Hold.objects.filter(released_on__isnull=True, starts_on__lte=as_of).exclude(
            kind=HoldKind.HANDED_OVER
        ),
        contract_ids,
        "kind",
    )
    arrangements = _by_contract(
        Arrangement.objects.filter(status=ArrangementStatus.ACTIVE).filter(live_arrangements_q()),
        contract_ids,
        "total_amount",
    )
    overdue = dict(
        ContractStanding.objects.filter(contract_id__in=contract_ids).values_list(
            "contract_id", "overdue_amount"
        )
    )
    statuses = {
        "schuldhulpverlening": period_in_force_q("tenant__debt_counselling", as_of),
        "WSNP": period_in_force_q("tenant__wsnp", as_of),
        "bewind": period_in_force_q("tenant__administrator", as_of),
    }
    vulnerable: dict[int, list[str]] = defaultdict(list)
    parties = ContractTenant.objects.filter(contract_id__in=contract_ids, removed_from_source_at__isnull=True)
    for label, condition in statuses.items():
        for contract_id in parties.filter(condition).values_list("contract_id", flat=True).distinct():
            vulnerable[contract_id].append(label)
    hold_labels = dict(HoldKind.choices)
    result: dict[int, list[Check]] = {}
    for handover in handovers:
        cid = handover.contract_id
        term = terms.get(cid)
        amount = overdue.get(cid, ZERO)
        warn = policy.vulnerable == VulnerableMode.WARN
        result[handover.pk] = [
            Check(
                "letter",
                "Veertiendagenbrief verstuurd en termijn verstreken",
                term is not None and term < as_of,
                f"termijn tot {term:%d-%m-%Y}" if term else "geen verstuurde veertiendagenbrief",
            ),
            Check(
                "dispute",
                "Geen open geschil",
                not disputes.get(cid),
                f"{len(disputes[cid])} open geschil(len)" if disputes.get(cid) else "",
            ),
            Check(
                "hold",
                "Geen wachtcode",
                not holds.get(cid),
                ", ".join(str(hold_labels.get(kind, kind)) for (kind,) in holds.get(cid, [])),
            ),
            Check(
                "arrangement",
                "Geen lopende betalingsregeling",
                not arrangements.get(cid),
                "er loopt een regeling" if arrangements.get(cid) else "",
            ),
            Check(
                "amount",
                f"Achterstand vanaf € {policy.min_amount:.2f}".replace(".", ","),
                amount >= policy.min_amount,
                f"€ {amount:.2f}".replace(".", ","),
            ),
            Check(
                "vulnerable",
                "Geen schuldhulpverlening, WSNP of bewind",
                not vulnerable.get(cid),
                ", ".join(vulnerable.get(cid, [])),
                blocking=not warn,
            ),
        ]
    return result


def blocking_failures(checks: list[Check]) -> list[Check]:
    return [check for check in checks if not check.ok and check.blocking]


def handover_list(
    *,
    status: str = "",
    agency: Agency | None = None,
    min_amount: Decimal | None = None,
    search: str = "",
) -> QuerySet[Handover]:
    handovers = Handover.objects.select_related("contract__unit", "agency", "corporation")
    if status:
        handovers = handovers.filter(status=status)
    if agency is not None:
        handovers = handovers.filter(agency=agency)
    if min_amount is not None:
        handovers = handovers.filter(proposed_amount__gte=min_amount)
    if search:
        handovers = handovers.filter(
            Q(contract__source_id__icontains=search)
            | Q(contract__parties__tenant__last_name__icontains=search)
        ).distinct()
    return handovers.order_by("-proposed_on", "-pk")


def main_tenant_names(handovers: list[Handover]) -> dict[int, str]:
    parties = (
        ContractTenant.objects.filter(
            contract_id__in=[h.contract_id for h in handovers],
            role=ContractRole.MAIN,
            removed_from_source_at__isnull=True,
        )
        .select_related("tenant")
        .order_by("pk")
    )
    names: dict[int, str] = {}
    for party in parties:
        names.setdefault(party.contract_id, str(party.tenant))
    return names


@dataclass(frozen=True)
class AgencyMonth:
    agency: str
    month: str
    handed_over: int
    amount: Decimal
    collected: Decimal
    share: Decimal
    costs: Decimal
    average_days_to_payment: int | None
    open: int
    closed: int


def agency_success(*, corporation: Corporation) -> list[AgencyMonth]:
    """Per agency and month of hand-over: how much was handed over and recovered, in what time, at what cost,
    and how many cases are still open. One query."""
    rows = (
        Handover.objects.filter(corporation=corporation, handed_over_on__isnull=False)
        .select_related("agency")
        .order_by("agency__name", "handed_over_on")
    )
    groups: dict[tuple[str, str], list[Handover]] = defaultdict(list)
    for handover in rows:
        name = handover.agency.name if handover.agency else "-"
        groups[(name, f"{handover.handed_over_on:%Y-%m}")].append(handover)
    result = []
    for (name, month), items in groups.items():
        amount = sum((h.amount for h in items), ZERO)
        collected = sum((h.collected for h in items), ZERO)
        days = [
            (h.first_payment_on - h.handed_over_on).days
            for h in items
            if h.first_payment_on and h.handed_over_on
        ]
        result.append(
            AgencyMonth(
                agency=name,
                month=month,
                handed_over=len(items),
                amount=amount,
                collected=collected,
                share=(collected / amount * 100).quantize(Decimal("0.1")) if amount else Decimal("0.0"),
                costs=sum((h.agency_costs for h in items), ZERO),
                average_days_to_payment=round(sum(days) / len(days)) if days else None,
                open=sum(1 for h in items if h.status in HANDED_OVER_STATUSES),
                closed=sum(1 for h in items if h.status in (HandoverStatus.CLOSED, HandoverStatus.RECALLED)),
            )
        )
    return result


def collection_costs_charged(contract_ids: list[int]) -> dict[int, Decimal]:
    """The collection costs (WIK) Vangnet booked per contract: the basis of a VAT uplift at hand-over."""
    return dict(
        LedgerEntry.objects.filter(
            contract_id__in=contract_ids,
            category=InvoiceCategory.COLLECTION_COSTS,
            source_id__startswith="vangnet-wik-",
            removed_from_source_at__isnull=True,
        )
        .exclude(source_id__startswith="vangnet-wik-btw-")
        .values("contract_id")
        .annotate(total=Sum("amount"))
        .values_list("contract_id", "total")
    )
