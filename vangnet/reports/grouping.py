"""Grouping a report's rows by one dimension: one query for the groups; the total is the sum of the groups
(every measure a standard report groups is a count or a sum; percentages are recomputed from the summed
figures afterwards, never summed)."""

from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from vangnet.reports.base import Dimension, Query
from vangnet.reports.history import month_end
from vangnet.reports.models import ContractMonth

# A group's key on a page and in a URL when the dimension has no value (a unit without a wijk).
EMPTY_KEY = ""
CENT = Decimal("0.01")


def month_rows(query: Query) -> QuerySet[ContractMonth]:
    """The history rows of the month `query.as_of` falls in (the latest run's day for the running month)."""
    return ContractMonth.objects.filter(corporation=query.corporation, month=month_end(query.as_of))


def group_label(dimension: Dimension, value: Any) -> str:
    if value is None or value == EMPTY_KEY:
        return _("(niet ingevuld)")
    if value in dimension.choices:
        return str(dimension.choices[value])
    return str(value)


def group_key(value: Any) -> str:
    if value is None:
        return EMPTY_KEY
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


ALIAS = "measure_"


def _unaliased(values: dict[str, Any]) -> dict[str, Any]:
    return {name.removeprefix(ALIAS): cents(value) for name, value in values.items()}


def cents(value: Any) -> Any:
    """Amounts with two decimals on both databases (SQLite's sums come back as 1650, not 1650.00)."""
    return value.quantize(CENT) if isinstance(value, Decimal) else value


def grouped(
    queryset: QuerySet, dimension: Dimension, measures: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows per group (key, label, measures), ordered by label, and the total over all rows: one query."""
    # Aliased: a measure may carry the name of the field it sums, which the ORM refuses.
    aliased = {ALIAS + name: expression for name, expression in measures.items()}
    if not dimension.path:
        totals = _unaliased(queryset.aggregate(**aliased))
        return [{"key": EMPTY_KEY, "label": _("Totaal"), **totals}], totals
    merged: dict[str, dict[str, Any]] = {}
    totals = {name: None for name in measures}
    for found in queryset.values(group=F(dimension.path)).annotate(**aliased).order_by():
        value = found.pop("group")
        values = _unaliased(found)
        for name, amount in values.items():
            totals[name] = _add(totals[name], amount)
        key = group_key(value)
        if key in merged:
            # NULL and "" are the same "not filled in" group.
            for name, amount in values.items():
                merged[key][name] = _add(merged[key][name], amount)
            continue
        merged[key] = {"key": key, "label": group_label(dimension, value), **values}
    if not merged:
        # No rows at all: the aggregate says what a total of nothing is (0, 0.00), a second query only then.
        totals = _unaliased(queryset.aggregate(**aliased))
    rows = sorted(merged.values(), key=lambda row: (row["key"] == EMPTY_KEY, row["label"].lower()))
    return rows, totals


def _add(total: Any, amount: Any) -> Any:
    if total is None:
        return amount
    if amount is None:
        return total
    return total + amount


def group_filter(dimension: Dimension, key: str) -> Q:
    """The ORM filter for the rows of one group, from the group's key as a page or URL gives it."""
    if not dimension.path:
        return Q()
    if dimension.key == "tenant_status":
        return Q(**{dimension.path: key == "1"})
    if key == EMPTY_KEY:
        return Q(**{f"{dimension.path}__isnull": True}) | Q(**{dimension.path: ""})
    return Q(**{dimension.path: key})


def key_label(dimension: Dimension, key: str) -> str:
    """A group's label from its key as a page or URL gives it."""
    if dimension.key == "tenant_status":
        return group_label(dimension, key == "1")
    return group_label(dimension, key)
