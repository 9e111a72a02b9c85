"""What every report is: a name, its dimensions, its columns, and `compute` returning rows and totals.

A report is one module under `reports/standard/` with a subclass of `Report`, registered in
`reports/registry.py`; the back office, the API, the command and the benchmark all read that registry.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation


@dataclass(frozen=True)
class Dimension:
    """A way to split a report: `key` on the command line and in URLs, `label` for people, `path` the ORM
    lookup from the report's rows (empty: the report has no groups, one total row)."""

    key: str
    label: str | Promise
    path: str
    # Values stored as codes get their people's names from these choices.
    choices: dict[Any, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str = "amount"  # amount | count | percent | text
    # Whether the total is the sum of the groups (percentages are recomputed, not summed).
    summed: bool = True


@dataclass
class ReportResult:
    name: str
    title: str
    as_of: date
    dimension: Dimension
    columns: list[Column]
    rows: list[dict[str, Any]]
    totals: dict[str, Any]
    # The period the figures cover, where a report counts events rather than a standing.
    period: tuple[date, date] | None = None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, date):
                return value.isoformat()
            return value

        return {
            "report": self.name,
            "title": str(self.title),
            "as_of": self.as_of.isoformat(),
            "by": self.dimension.key,
            "period": [d.isoformat() for d in self.period] if self.period else None,
            "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in self.columns],
            "rows": [{key: plain(value) for key, value in row.items()} for row in self.rows],
            "totals": {key: plain(value) for key, value in self.totals.items()},
        }


@dataclass(frozen=True)
class Query:
    """What a person asked: as of which day, split how, and an optional group to list the contracts of."""

    corporation: Corporation
    as_of: date
    by: str
    period_start: date | None = None
    # Only the rows of these teams (*Alleen mijn teams*, `?team=`, `--team`); None: every team.
    teams: tuple[str, ...] | None = None


class Report:
    name: str = ""
    title: str | Promise = ""
    description: str | Promise = ""
    dimensions: tuple[Dimension, ...] = ()
    default_by: str = ""
    # Whether the rows come from contracts, so a group drills down to its contracts.
    drills_to_contracts: bool = False
    # Whether the report counts what happened in a period (from `period_start` to `as_of`).
    has_period: bool = False
    # The column the chart shows (one bar per group).
    chart_column: str = ""
    # The field that names the team a row belongs to (disputes: the resolver team); empty: no teams.
    team_path: str = ""

    @property
    def has_teams(self) -> bool:
        return bool(self.team_path)

    def dimension(self, key: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        known = ", ".join(d.key for d in self.dimensions)
        raise ApplicationError(
            _("Het rapport %(report)s kan niet worden ingedeeld naar '%(by)s'. Kies uit: %(known)s.")
            % {"report": self.name, "by": key, "known": known},
            extra={"code": "unknown_dimension"},
        )

    def compute(self, query: Query) -> ReportResult:
        raise NotImplementedError


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, two decimals; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"))
