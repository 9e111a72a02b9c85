"""Reads for the case screens: the list with its filters and SLA, one case, a tenant's cases and contacts,
what the portal shows the party and, separately, the accused, and the knowledge base's suggestions."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from vangnet.cases.kinds import kinds
from vangnet.cases.kinds.repair import URGENCY_LABELS
from vangnet.cases.knowledge import ranked_articles
from vangnet.cases.models import Article, Audience, Case, CaseEntry, CaseType, Contact, EntryKind, SlaState
from vangnet.cases.sla import DUE_SOON_DAYS, sla_state
from vangnet.core.language import shown
from vangnet.core.models import Corporation
from vangnet.tenants.models import Tenant


def case_types(*, corporation: Corporation, portal_only: bool = False) -> QuerySet[CaseType]:
    types = CaseType.objects.filter(corporation=corporation, active=True)
    return types.filter(portal=True) if portal_only else types


@dataclass(frozen=True)
class CaseFilters:
    case_type: int | None = None
    status: str = "open"  # open, closed, all
    team: str = ""
    owner_id: int | None = None
    sla: str = ""  # one of SlaState's values, or "" for all
    query: str = ""


def case_list(*, corporation: Corporation, filters: CaseFilters, as_of: dt.date) -> QuerySet[Case]:
    """One query for a page of the list: the type, the party and the owner joined."""
    cases = Case.objects.filter(corporation=corporation).select_related(
        "case_type", "tenant", "owner", "unit"
    )
    if filters.status == "open":
        cases = cases.filter(closed=False)
    elif filters.status == "closed":
        cases = cases.filter(closed=True)
    if filters.case_type:
        cases = cases.filter(case_type_id=filters.case_type)
    if filters.team:
        cases = cases.filter(team=filters.team)
    if filters.owner_id:
        cases = cases.filter(owner_id=filters.owner_id)
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    if filters.sla == SlaState.LATE:
        cases = cases.filter(closed=False, stage_deadline__lt=as_of)
    elif filters.sla == SlaState.DUE_SOON:
        cases = cases.filter(closed=False, stage_deadline__gte=as_of, stage_deadline__lte=soon)
    elif filters.sla == SlaState.ON_TIME:
        cases = cases.filter(closed=False).filter(Q(stage_deadline__gt=soon) | Q(stage_deadline__isnull=True))
    query = filters.query.strip()
    if query:
        cases = cases.filter(
            Q(number__iexact=query)
            | Q(subject__icontains=query)
            | Q(tenant__last_name__icontains=query)
            | Q(party_name__icontains=query)
        )
    return cases.order_by("closed", "stage_deadline", "-pk")


def case_teams(*, corporation: Corporation) -> list[str]:
    return list(
        Case.objects.filter(corporation=corporation)
        .exclude(team="")
        .values_list("team", flat=True)
        .distinct()
        .order_by("team")
    )


@dataclass
class CaseDetail:
    case: Case
    entries: list[CaseEntry]
    grouped: list[Case]
    contacts: list[Contact]
    next_stages: list[dict]
    sla: str
    urgency: str = ""


def case_detail(*, corporation: Corporation, pk: int, as_of: dt.date) -> CaseDetail:
    case = (
        Case.objects.filter(corporation=corporation)
        .select_related("case_type", "tenant", "accused", "owner", "unit", "group")
        .get(pk=pk)
    )
    stage = case.case_type.stage(case.stage)
    entries = list(case.entries.all())
    for entry in entries:
        # The stage's name as the type names it, not its code.
        entry.stage_name = shown(case.case_type.stage(entry.stage).get("name", "")) if entry.stage else ""  # type: ignore[attr-defined]
    return CaseDetail(
        case=case,
        entries=entries,
        grouped=list(case.grouped.all().only("pk", "number", "subject", "opened_on")),
        contacts=list(case.contacts.all()),
        next_stages=[case.case_type.stage(code) for code in stage.get("next", [])],
        sla=sla_state(closed=case.closed, deadline=case.stage_deadline, as_of=as_of),
        urgency=str(URGENCY_LABELS.get(case.urgency, "")) if case.urgency else "",
    )


def tenant_cases(*, tenant: Tenant) -> list[Case]:
    """Cases on the tenant card: where they are the party; as the accused too (colleagues may see both)."""
    return list(
        Case.objects.filter(Q(tenant=tenant) | Q(accused=tenant))
        .select_related("case_type")
        .order_by("closed", "-opened_on", "-pk")[:50]
    )


def tenant_contacts(*, tenant: Tenant, limit: int = 20) -> list[Contact]:
    return list(Contact.objects.filter(tenant=tenant).select_related("case")[:limit])


@dataclass
class PortalCase:
    """What a tenant sees of a case. Built only from fields that are safe for the role they have in it."""

    pk: int
    number: str
    title: str
    status_text: str
    opened_on: dt.date
    closed: bool
    as_accused: bool
    entries: list[CaseEntry] = field(default_factory=list)
    may_rate: bool = False
    rated: int | None = None
    urgency: str = ""


def _party_view(case: Case, entries: list[CaseEntry]) -> PortalCase:
    stage = case.case_type.stage(case.stage)
    return PortalCase(
        pk=case.pk,
        number=case.number,
        title=case.subject,
        status_text=shown(stage.get("tenant_text", "")),
        opened_on=case.opened_on,
        closed=case.closed,
        as_accused=False,
        entries=[e for e in entries if e.audience == Audience.PARTY],
        rated=case.satisfaction,
        urgency=case.urgency,
        may_rate=case.satisfaction is None
        and kinds.get(case.case_type.kind).may_rate(case_type=case.case_type, case=case),
    )


def _accused_view(case: Case, entries: list[CaseEntry]) -> PortalCase:
    """Never the subject, the answers, the reporter's photos or texts: only what was written for them."""
    mine = [e for e in entries if e.audience == Audience.ACCUSED]
    latest = next((e.text for e in reversed(mine) if e.kind == EntryKind.STAGE), "")
    return PortalCase(
        pk=case.pk,
        number=case.number,
        title=case.case_type.name,
        status_text=latest,
        opened_on=mine[0].at.date() if mine else case.opened_on,
        closed=case.closed,
        as_accused=True,
        entries=mine,
    )


def portal_cases(*, tenant: Tenant) -> list[PortalCase]:
    """The tenant's own cases and, apart, those about them: two queries whatever the number of cases."""
    cases = list(
        Case.objects.filter(Q(tenant=tenant) | Q(accused=tenant, entries__audience=Audience.ACCUSED))
        .distinct()
        .select_related("case_type")
        .order_by("closed", "-opened_on", "-pk")[:30]
    )
    entries: dict[int, list[CaseEntry]] = {}
    rows = CaseEntry.objects.filter(case__in=[c.pk for c in cases]).exclude(audience=Audience.INTERNAL)
    for entry in rows if cases else []:
        entries.setdefault(entry.case_id, []).append(entry)
    return [
        _party_view(case, entries.get(case.pk, []))
        if case.tenant_id == tenant.pk
        else _accused_view(case, entries.get(case.pk, []))
        for case in cases
    ]


def portal_case(*, tenant: Tenant, pk: int) -> PortalCase | None:
    return next((c for c in portal_cases(tenant=tenant) if c.pk == pk), None)


def article_search(
    *, corporation: Corporation, words: str, case_type: str = "", tenant_facing: bool = False, limit: int = 5
) -> list[Article]:
    """Articles that match every word typed (full text: title, keywords, text), those of the case type first.

    With nothing typed, the case type's articles (or, without a case type, the first by title)."""
    articles = Article.objects.filter(corporation=corporation)
    if tenant_facing:
        articles = articles.filter(for_tenants=True)
    if words.strip():
        found = ranked_articles(articles, words)
        # A stable sort keeps the ranking within each group.
        found.sort(key=lambda article: case_type not in article.case_types)
        return found[:limit]
    if case_type:
        return [article for article in articles.order_by("title") if case_type in article.case_types][:limit]
    return list(articles.order_by("title")[:limit])


@dataclass(frozen=True)
class KnowledgeSection:
    name: str
    articles: list[Article]


def knowledge_base(*, corporation: Corporation, words: str = "") -> list[KnowledgeSection]:
    """Every article by section (or, with words, those that match them), in one query."""
    articles = Article.objects.filter(corporation=corporation)
    found = ranked_articles(articles, words) if words.strip() else list(articles.order_by("section", "title"))
    sections: dict[str, list[Article]] = {}
    for article in sorted(found, key=lambda a: a.section.lower()):
        sections.setdefault(article.section, []).append(article)
    return [KnowledgeSection(name, listed) for name, listed in sections.items()]
