"""The back office's preview of a night ("Run van vannacht"): the dry run, and before it is rolled back, who
is behind each total and how many calls and house visits the day holds against the team's capacity.

What the run wrote is told apart from what was there by the highest ids before it started; every read is
set-based (a fixed number of queries whatever the portfolio size).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope

from vangnet.core.models import Corporation
from vangnet.daily.services import monitors_run
from vangnet.flows.capacity import Capacity, capacity_for
from vangnet.flows.engine.report import RunReport, StepReport
from vangnet.flows.engine.run import engine_run
from vangnet.flows.models import EnrollmentEvent, EventKind, StepOutcome, StepRun
from vangnet.ledger.models import ContractRole, ContractTenant
from vangnet.tasks.models import Task, TaskKind, TaskStatus

# Names listed under one total; the rest is counted ("en 12 anderen").
SHOWN = 50

# The totals of the preview, in the order of the page, with the event behind each.
EVENT_TOTALS = {
    "enrolled": EventKind.ENTERED,
    "rerouted": EventKind.MOVED,
    "held": EventKind.HELD,
    "resumed": EventKind.RESUMED,
    "closed": EventKind.CLOSED,
}


@dataclass(frozen=True)
class Person:
    tenant_id: int
    name: str


@dataclass
class Drill:
    """The tenants behind one total: the first `SHOWN` by name, and how many more."""

    people: list[Person] = field(default_factory=list)
    more: int = 0


@dataclass
class Workload:
    calls: int
    visits: int
    capacity: Capacity

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.capacity.calls_per_day is not None and self.calls > self.capacity.calls_per_day:
            found.append(
                ngettext(
                    "%(count)s belgesprek staat op deze dag, meer dan de %(limit)s per dag die het team "
                    "aankan.",
                    "%(count)s belgesprekken staan op deze dag, meer dan de %(limit)s per dag die het team "
                    "aankan.",
                    self.calls,
                )
                % {"count": self.calls, "limit": self.capacity.calls_per_day}
            )
        if self.capacity.visits_per_day is not None and self.visits > self.capacity.visits_per_day:
            found.append(
                ngettext(
                    "%(count)s huisbezoek staat op deze dag, meer dan de %(limit)s per dag die het team "
                    "aankan.",
                    "%(count)s huisbezoeken staan op deze dag, meer dan de %(limit)s per dag die het team "
                    "aankan.",
                    self.visits,
                )
                % {"count": self.visits, "limit": self.capacity.visits_per_day}
            )
        return found


@dataclass
class RunPreview:
    report: RunReport
    workload: Workload
    # By total ("enrolled", "messages", "tasks", ...) and by step id: the tenants behind it.
    totals: dict[str, Drill]
    steps: dict[int, Drill]

    def step_rows(self) -> list[tuple[StepReport, Drill]]:
        """The steps that did something, each with the tenants behind its "Uitgevoerd"."""
        return [(step, self.steps.get(step.step_id, Drill())) for step in self.report.active_steps()]

    def drills(self) -> list[tuple[str, Drill]]:
        """The totals with someone behind them, labelled as the page shows them."""
        labels = {
            "enrolled": _("Nieuw in een traject"),
            "rerouted": _("Naar ander traject"),
            "messages": _("Berichten"),
            "tasks": _("Taken"),
            "held": _("Gepauzeerd"),
            "resumed": _("Hervat"),
            "closed": _("Afgesloten"),
        }
        return [(labels[key], self.totals[key]) for key in labels if self.totals.get(key, Drill()).people]


def _marks() -> dict[str, int]:
    return {
        "event": EnrollmentEvent.objects.aggregate(top=Max("pk"))["top"] or 0,
        "run": StepRun.objects.aggregate(top=Max("pk"))["top"] or 0,
        "task": Task.objects.aggregate(top=Max("pk"))["top"] or 0,
    }


def _drills(marks: dict[str, int]) -> tuple[dict[str, set[int]], dict[int, set[int]]]:
    """Contract ids behind each total and behind each step's "Uitgevoerd", from what the run wrote."""
    totals: dict[str, set[int]] = defaultdict(set)
    steps: dict[int, set[int]] = defaultdict(set)
    kinds: dict[str, str] = {str(kind): key for key, kind in EVENT_TOTALS.items()}
    events = EnrollmentEvent.objects.filter(pk__gt=marks["event"], kind__in=list(kinds))
    for kind, contract_id in events.values_list("kind", "enrollment__contract_id"):
        totals[kinds[kind]].add(contract_id)
    runs = StepRun.objects.filter(pk__gt=marks["run"], outcome=StepOutcome.DONE)
    for step_id, contract_id, deliveries in runs.values_list(
        "step_id", "enrollment__contract_id", "deliveries"
    ):
        steps[step_id].add(contract_id)
        if deliveries:
            totals["messages"].add(contract_id)
    tasks = Task.objects.filter(pk__gt=marks["task"], contract__isnull=False)
    totals["tasks"].update(tasks.values_list("contract_id", flat=True))
    return totals, steps


def _named(groups: list[set[int]]) -> dict[int, Person]:
    """The main tenant of each contract shown (at most `SHOWN` per group): one query."""
    wanted = {contract_id for group in groups for contract_id in sorted(group)[:SHOWN]}
    parties = (
        ContractTenant.objects.filter(contract_id__in=wanted, role=ContractRole.MAIN)
        .select_related("tenant")
        .order_by("contract_id", "pk")
    )
    named: dict[int, Person] = {}
    for party in parties:
        named.setdefault(party.contract_id, Person(party.tenant_id, party.tenant.display_name))
    return named


def _drill(contract_ids: set[int], named: dict[int, Person]) -> Drill:
    shown = sorted(contract_ids)[:SHOWN]
    people = sorted({named[c] for c in shown if c in named}, key=lambda person: person.name)
    return Drill(people=people, more=len(contract_ids) - len(shown))


def _workload(*, corporation: Corporation, as_of: date, task_mark: int) -> Workload:
    """Open calls and visits on the day: due then or earlier, or made by the run (one query)."""
    counts = Task.objects.filter(
        Q(due_on__lte=as_of) | Q(pk__gt=task_mark),
        status=TaskStatus.OPEN,
        kind__in=(TaskKind.CALL, TaskKind.HOUSE_VISIT),
    ).aggregate(
        calls=Count("pk", filter=Q(kind=TaskKind.CALL)),
        visits=Count("pk", filter=Q(kind=TaskKind.HOUSE_VISIT)),
    )
    return Workload(calls=counts["calls"], visits=counts["visits"], capacity=capacity_for(corporation))


def run_preview(*, corporation: Corporation, as_of: date) -> RunPreview:
    """The day's run, dry: everything `run_day(dry_run=True)` reports, plus the tenants behind each total and
    the day's calls and visits against the team's capacity. Nothing is kept."""
    report = RunReport(corporation=corporation.slug, as_of=as_of, dry_run=True)
    with scope(corporation=corporation), transaction.atomic():
        marks = _marks()
        monitors_run(corporation=corporation, as_of=as_of, report=report)
        engine_run(corporation=corporation, as_of=as_of, report=report, actor="preview")
        totals, steps = _drills(marks)
        named = _named([*totals.values(), *steps.values()])
        workload = _workload(corporation=corporation, as_of=as_of, task_mark=marks["task"])
        transaction.set_rollback(True)
    return RunPreview(
        report=report,
        workload=workload,
        totals={key: _drill(ids, named) for key, ids in totals.items()},
        steps={step_id: _drill(ids, named) for step_id, ids in steps.items()},
    )
