"""Reads for vroegsignalering: who is in arrears long enough, what proves the preconditions, who may go.

`signal_candidates` is the one reader behind the command, the batch and its release: a bounded number of
queries (standing, evidence, municipalities, earlier signals) whatever the number of tenants.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Min, Q

from vangnet.core.models import Corporation
from vangnet.earlysignal import rules
from vangnet.earlysignal.evidence import Fact, TenantEvidence, collect
from vangnet.earlysignal.models import (
    Answer,
    BatchStatus,
    Municipality,
    Objection,
    Signal,
    SignalPolicy,
)
from vangnet.ledger.models import ContractStanding, Unit, UnitKind
from vangnet.ledger.selectors import main_party_subquery
from vangnet.tenants.models import Tenant, period_in_force_q


def policy_for(corporation: Corporation) -> SignalPolicy:
    """The corporation's policy; the defaults (unsaved) until someone changes them."""
    policy = SignalPolicy.objects.filter(corporation=corporation).first()
    return policy or SignalPolicy(corporation=corporation)


@dataclass
class Candidate:
    contract_id: int
    contract_number: str
    tenant_id: int
    tenant_name: str
    municipality: str
    amount: Decimal
    arrears_since: date
    checks: list[rules.Check] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    repeat: bool = False
    municipality_id: int = 0

    @property
    def eligible(self) -> bool:
        return not self.blocks

    @property
    def reasons(self) -> list[str]:
        return [str(rules.REASONS[key]) for key in self.blocks]


@dataclass
class Assessment:
    as_of: date
    candidates: list[Candidate]
    municipalities: dict[str, Municipality | None]

    @property
    def eligible(self) -> list[Candidate]:
        return [candidate for candidate in self.candidates if candidate.eligible]

    @property
    def left_out(self) -> list[Candidate]:
        return [candidate for candidate in self.candidates if not candidate.eligible]

    def blocked(self) -> dict[str, int]:
        counts = dict.fromkeys(
            (*rules.PRECONDITIONS, rules.OBJECTION, rules.MUNICIPALITY_NOT_AGREED, rules.IN_DEBT_HELP), 0
        )
        for candidate in self.candidates:
            for key in candidate.blocks:
                counts[key] += 1
        return counts


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def municipalities_by_name(corporation: Corporation) -> dict[str, Municipality]:
    return {_key(m.name): m for m in Municipality.objects.filter(corporation=corporation)}


def _last_signals(corporation: Corporation, contract_ids: list[int]) -> dict[int, date]:
    rows = (
        Signal.objects.filter(
            corporation=corporation, contract_id__in=contract_ids, batch__status=BatchStatus.RELEASED
        )
        .values("contract_id")
        .annotate(last=Max("signal_date"))
    )
    return {row["contract_id"]: row["last"] for row in rows}


def _help_accepted(corporation: Corporation, contract_ids: list[int]) -> dict[int, date]:
    rows = (
        Signal.objects.filter(
            corporation=corporation, contract_id__in=contract_ids, answer=Answer.HELP_ACCEPTED
        )
        .values("contract_id")
        .annotate(last=Max("answered_on"))
    )
    return {row["contract_id"]: row["last"] for row in rows}


def _already_signalled(last: date | None, *, arrears_since: date, as_of: date, monthly: bool) -> bool:
    if last is None or last < arrears_since:
        return False
    if monthly:
        return (last.year, last.month) == (as_of.year, as_of.month)
    return True


def signal_candidates(
    *, corporation: Corporation, as_of: date, contract_ids: list[int] | None = None
) -> Assessment:
    """Every homes contract in arrears long and high enough, not yet signalled this period, with its checks."""
    policy = policy_for(corporation)
    standings = ContractStanding.objects.filter(
        corporation=corporation,
        overdue_amount__gt=0,
        overdue_amount__gte=policy.min_amount,
        oldest_overdue_date__lte=as_of - timedelta(days=policy.min_days),
        contract__unit__kind=UnitKind.DWELLING,
        contract__removed_from_source_at__isnull=True,
        contract__start_date__lte=as_of,
    ).filter(Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=as_of))
    if contract_ids is not None:
        standings = standings.filter(contract_id__in=contract_ids)
    query = (
        standings.annotate(tenant_id=main_party_subquery("contract_id"))
        .filter(tenant_id__isnull=False)
        .values(
            "contract_id",
            "tenant_id",
            "overdue_amount",
            "oldest_overdue_date",
            number=F("contract__source_id"),
            municipality=F("contract__unit__municipality"),
        )
        .order_by("contract__unit__municipality", "contract__source_id")
    )
    rows: list[dict[str, Any]] = [dict(row) for row in query]
    ids = [row["contract_id"] for row in rows]
    last = _last_signals(corporation, ids)
    rows = [
        row
        for row in rows
        if not _already_signalled(
            last.get(row["contract_id"]),
            arrears_since=row["oldest_overdue_date"],
            as_of=as_of,
            monthly=policy.resignal_monthly,
        )
    ]
    tenant_ids = [row["tenant_id"] for row in rows]
    tenants = {
        tenant.pk: tenant
        for tenant in Tenant.objects.filter(pk__in=tenant_ids).annotate(
            in_debt_help=ExpressionWrapper(
                period_in_force_q("debt_counselling", as_of) | period_in_force_q("wsnp", as_of),
                output_field=BooleanField(),
            )
        )
    }
    since = min((row["oldest_overdue_date"] for row in rows), default=None)
    evidence = collect(
        corporation=corporation, tenant_ids=tenant_ids, since=since, as_of=as_of, policy=policy
    )
    accepted = _help_accepted(corporation, [row["contract_id"] for row in rows])
    known = municipalities_by_name(corporation)
    municipalities: dict[str, Municipality | None] = {}
    candidates = []
    for row in rows:
        tenant = tenants[row["tenant_id"]]
        found = evidence.get(row["tenant_id"], TenantEvidence())
        since_day = row["oldest_overdue_date"]
        checks = rules.assess(
            found, arrears_since=since_day, as_of=as_of, objection_days=policy.objection_days
        )
        keys = rules.blocks(checks, objected=found.objection is not None)
        municipality = known.get(_key(row["municipality"]))
        municipalities[row["municipality"]] = municipality
        if municipality is None or not municipality.agreed:
            keys.append(rules.MUNICIPALITY_NOT_AGREED)
        help_on = accepted.get(row["contract_id"])
        if tenant.in_debt_help or (help_on is not None and help_on >= since_day):
            keys.append(rules.IN_DEBT_HELP)
        previous = last.get(row["contract_id"])
        candidates.append(
            Candidate(
                contract_id=row["contract_id"],
                contract_number=row["number"],
                tenant_id=tenant.pk,
                tenant_name=tenant.display_name,
                municipality=municipality.name if municipality else row["municipality"],
                amount=row["overdue_amount"],
                arrears_since=since_day,
                checks=checks,
                blocks=keys,
                repeat=previous is not None and previous >= since_day,
                municipality_id=municipality.pk if municipality else 0,
            )
        )
    return Assessment(as_of=as_of, candidates=candidates, municipalities=municipalities)


@dataclass
class TenantSignalStatus:
    """The tenant card's panel: the four checks with their evidence, the objection, what was signalled."""

    checks: list[rules.Check]
    arrears_since: date | None
    objection: Fact | None
    objection_id: int | None
    contacts: list[Fact]
    signals: list[Signal]

    @property
    def all_met(self) -> bool:
        return all(check.met for check in self.checks)


def tenant_signal_status(*, tenant: Tenant, as_of: date) -> TenantSignalStatus:
    """Evidence since the tenant's oldest current arrears (or all of it when there are none): 7 queries."""
    corporation = tenant.corporation
    policy = policy_for(corporation)
    since = (
        ContractStanding.objects.filter(
            corporation=corporation,
            contract__parties__tenant=tenant,
            overdue_amount__gt=0,
            oldest_overdue_date__isnull=False,
        )
        .aggregate(since=Min("oldest_overdue_date"))
        .get("since")
    )
    found = collect(corporation=corporation, tenant_ids=[tenant.pk], since=since, as_of=as_of, policy=policy)
    evidence = found.get(tenant.pk, TenantEvidence())
    return TenantSignalStatus(
        checks=rules.assess(evidence, arrears_since=since, as_of=as_of, objection_days=policy.objection_days),
        arrears_since=since,
        objection=evidence.objection,
        objection_id=evidence.objection_id,
        contacts=evidence.contact[:5],
        signals=list(
            Signal.objects.filter(tenant=tenant, batch__status=BatchStatus.RELEASED)
            .select_related("municipality")
            .order_by("-signal_date", "-pk")[:6]
        ),
    )


@dataclass(frozen=True)
class MunicipalityRow:
    name: str
    municipality: Municipality | None
    homes: int
    signals: int


def municipality_overview(*, corporation: Corporation) -> list[MunicipalityRow]:
    """Every municipality where the corporation has homes or an agreement, with signals sent: 3 queries."""
    homes: dict[str, tuple[str, int]] = {}
    rows = (
        Unit.objects.filter(
            corporation=corporation, kind=UnitKind.DWELLING, removed_from_source_at__isnull=True
        )
        .values("municipality")
        .annotate(count=Count("pk"))
    )
    for row in rows:
        key = _key(row["municipality"])
        name, count = homes.get(key, (row["municipality"], 0))
        homes[key] = (name, count + row["count"])
    known = municipalities_by_name(corporation)
    sent = dict(
        Signal.objects.filter(corporation=corporation, batch__status=BatchStatus.RELEASED)
        .values("municipality_id")
        .annotate(count=Count("pk"))
        .values_list("municipality_id", "count")
    )
    result = []
    for key in sorted(set(homes) | set(known)):
        municipality = known.get(key)
        name = municipality.name if municipality else homes[key][0]
        signals = sent.get(municipality.pk, 0) if municipality else 0
        result.append(MunicipalityRow(name, municipality, homes.get(key, (name, 0))[1], signals))
    return result


def standing_objection(*, tenant: Tenant) -> Objection | None:
    return Objection.objects.filter(tenant=tenant, withdrawn_on__isnull=True).first()
