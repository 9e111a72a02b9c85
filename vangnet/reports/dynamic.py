"""Dynamic reports: a manager's choice of subject, dimensions, measures and filters, checked against the
catalogue (`reports/catalogue.py`) and computed with one aggregate query.

A choice arrives as plain data (a page's fields, a saved report's JSON, an API call) and becomes a
`DynamicSpec` only through `spec_from_data`, which refuses every key the catalogue does not declare with a
Dutch message naming the choices. Totals come from the same query as the groups, so they add up exactly;
averages and shares are recomputed for the total, never summed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.reports.base import Column, Dimension, ReportResult, share
from vangnet.reports.catalogue import CATALOGUE, Field, Subject
from vangnet.reports.grouping import cents, group_key, group_label
from vangnet.reports.standard.arrears import money

MAX_DIMENSIONS = 2
MAX_FILTERS = 5
MAX_FILTER_VALUES = 50
MAX_VALUE_LENGTH = 100
SIMPLE_MEASURES = ("count", "share")
NUMBER_MEASURES = ("sum", "avg")
SEPARATOR = " · "


@dataclass(frozen=True)
class DynamicSpec:
    subject: str
    dimensions: tuple[str, ...]
    measures: tuple[str, ...]
    # (field key, allowed values): a row is kept when the field equals one of the values.
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    # Only the rows of the teams of the colleague who looks (a saved report mailed or read by the API: of
    # the colleague who saved it).
    my_teams: bool = False

    def as_data(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "dimensions": list(self.dimensions),
            "measures": list(self.measures),
            "filters": [{"field": key, "values": list(values)} for key, values in self.filters],
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "my_teams": self.my_teams,
        }


def _refuse(message: str, code: str, allowed: list[str] | None = None) -> ApplicationError:
    """The refusal in words for a person (names, not keys); a program finds the keys it may send in
    `allowed` beside the code."""
    extra: dict[str, Any] = {"code": code}
    if allowed is not None:
        extra["allowed"] = allowed
    return ApplicationError(message, extra=extra)


def subject_named(key: Any) -> Subject:
    subject = CATALOGUE.get(key) if isinstance(key, str) else None
    if subject is None:
        known = ", ".join(str(subject.label) for subject in CATALOGUE.values())
        raise _refuse(
            _("Onbekend onderwerp '%(key)s'. Kies uit: %(known)s.") % {"key": key, "known": known},
            "unknown_subject",
            list(CATALOGUE),
        )
    return subject


def _field(subject: Subject, key: Any, *, filtering: bool = False) -> Field:
    found = subject.field(key) if isinstance(key, str) else None
    if found is None or (filtering and not found.filterable):
        fields = [f for f in subject.fields if f.filterable or not filtering]
        raise _refuse(
            _("Het onderwerp %(subject)s heeft geen veld '%(key)s'. Kies uit: %(known)s.")
            % {"subject": subject.label, "key": key, "known": ", ".join(str(f.label) for f in fields)},
            "unknown_field",
            [f.key for f in fields],
        )
    return found


def measure_keys(subject: Subject) -> list[str]:
    """Every measure the subject offers: count, share of the total count, and a sum and an average of each
    of its numbers."""
    keys = list(SIMPLE_MEASURES)
    for number in subject.numbers:
        keys += [f"sum:{number.key}", f"avg:{number.key}"]
    return keys


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name) or []
    if not isinstance(value, (list, tuple)):
        raise _refuse(_("'%(name)s' moet een lijst zijn.") % {"name": name}, "not_a_list")
    return list(value)


def _date(data: dict[str, Any], name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _refuse(
            _("'%(value)s' is geen datum; schrijf die als JJJJ-MM-DD.") % {"value": value}, "bad_date"
        ) from None


def _filter_values(subject: Subject, found: Field, values: list[Any]) -> tuple[str, ...]:
    if not values:
        raise _refuse(
            _("Kies minstens één waarde voor het filter op %(field)s.") % {"field": found.label}, "empty"
        )
    if len(values) > MAX_FILTER_VALUES:
        raise _refuse(
            _("Een filter heeft hoogstens %(n)s waarden.") % {"n": MAX_FILTER_VALUES}, "too_many_values"
        )
    checked = []
    for value in values:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is None or len(text) > MAX_VALUE_LENGTH:
            raise _refuse(
                _("Een waarde in het filter op %(field)s klopt niet.") % {"field": found.label}, "bad_value"
            )
        allowed = ["1", "0"] if found.boolean else [str(code) for code in found.choices]
        if allowed and text not in allowed:
            names = [_("ja"), _("nee")] if found.boolean else [str(name) for name in found.choices.values()]
            raise _refuse(
                _("'%(value)s' is geen waarde van %(field)s. Kies uit: %(known)s.")
                % {"value": text, "field": found.label, "known": ", ".join(names)},
                "unknown_value",
                allowed,
            )
        checked.append(text)
    return tuple(checked)


def spec_from_data(data: Any) -> DynamicSpec:
    """The checked choice, or an ApplicationError naming the first thing that is not in the catalogue."""
    if not isinstance(data, dict):
        raise _refuse(_("Een rapport wordt beschreven met velden en waarden."), "not_an_object")
    subject = subject_named(data.get("subject"))
    dimensions = _list(data, "dimensions")
    if len(dimensions) > MAX_DIMENSIONS:
        raise _refuse(_("Kies hoogstens twee indelingen."), "too_many_dimensions")
    for key in dimensions:
        _field(subject, key)
    if len(set(dimensions)) != len(dimensions):
        raise _refuse(_("Kies twee verschillende indelingen."), "same_dimension")
    measures = _list(data, "measures")
    if not measures:
        raise _refuse(_("Kies minstens één maat (bijvoorbeeld Aantal)."), "no_measure")
    offered = measure_keys(subject)
    for key in measures:
        if key not in offered:
            raise _refuse(
                _("Het onderwerp %(subject)s heeft geen maat '%(key)s'. Kies uit: %(known)s.")
                % {
                    "subject": subject.label,
                    "key": key,
                    "known": ", ".join(str(measure_column(subject, k).label) for k in offered),
                },
                "unknown_measure",
                offered,
            )
    filters = []
    if len(_list(data, "filters")) > MAX_FILTERS:
        raise _refuse(_("Kies hoogstens %(n)s filters.") % {"n": MAX_FILTERS}, "too_many_filters")
    for item in _list(data, "filters"):
        if not isinstance(item, dict):
            raise _refuse(_("Een filter heeft een veld en waarden."), "bad_filter")
        found = _field(subject, item.get("field"), filtering=True)
        filters.append((found.key, _filter_values(subject, found, _list(item, "values"))))
    date_from, date_to = _date(data, "date_from"), _date(data, "date_to")
    if date_from and date_to and date_from > date_to:
        raise _refuse(_("De begindatum ligt na de einddatum."), "bad_period")
    my_teams = data.get("my_teams") or False
    if not isinstance(my_teams, bool):
        raise _refuse(_("'my_teams' is waar of onwaar."), "bad_my_teams")
    if my_teams and not subject.team_path:
        raise _refuse(
            _("Het onderwerp %(subject)s is niet per team in te delen; kies 'alleen mijn teams' niet.")
            % {"subject": subject.label},
            "no_teams",
        )
    return DynamicSpec(
        subject=subject.key,
        dimensions=tuple(dimensions),
        measures=tuple(dict.fromkeys(measures)),
        filters=tuple(filters),
        date_from=date_from,
        date_to=date_to,
        my_teams=my_teams,
    )


def _condition(found: Field, values: tuple[str, ...]) -> Q:
    if found.boolean:
        return Q(**{f"{found.path}__in": [value == "1" for value in values]})
    condition = Q(**{f"{found.path}__in": values})
    if "" in values:
        condition |= Q(**{f"{found.path}__isnull": True})
    return condition


def measure_column(subject: Subject, key: str) -> Column:
    if key == "count":
        return Column("count", _("Aantal"), "count")
    if key == "share":
        return Column("share", _("Aandeel van het totaal"), "percent", summed=False)
    kind, number_key = key.split(":")
    number = subject.number(number_key)
    assert number is not None
    if kind == "sum":
        return Column(f"sum_{number.key}", _("%(number)s (som)") % {"number": number.label})
    return Column(f"avg_{number.key}", _("%(number)s (gemiddeld)") % {"number": number.label}, summed=False)


def _label(found: Field, value: Any) -> str:
    if found.key == "month" and isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m")
    return group_label(Dimension(found.key, found.label, found.path, found.choices), value)


def _key(found: Field, value: Any) -> str:
    if found.key == "month" and isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m")
    return group_key(value)


def dynamic_compute(
    *,
    corporation: Corporation,
    spec: DynamicSpec,
    as_of: date,
    title: str = "",
    teams: Sequence[str] = (),
) -> ReportResult:
    """The groups and their total with one aggregate query (call inside the corporation's scope); `teams`
    are the colleague's teams, for a choice of only their teams."""
    subject = CATALOGUE[spec.subject]
    has_period = bool(spec.date_from or spec.date_to)
    rows = subject.rows(corporation, as_of, has_period)
    if spec.my_teams:
        if not teams:
            raise _refuse(
                _("U hoort nog bij geen team. Vraag een beheerder uw afdeling in te vullen."), "no_team"
            )
        rows = rows.filter(**{f"{subject.team_path}__in": list(teams)})
    if spec.date_from:
        rows = rows.filter(**{f"{subject.date_path}__gte": spec.date_from})
    if spec.date_to:
        rows = rows.filter(**{f"{subject.date_path}__lte": spec.date_to})
    for field_key, field_values in spec.filters:
        field = subject.field(field_key)
        assert field is not None
        rows = rows.filter(_condition(field, field_values))
    fields = [subject.field(key) for key in spec.dimensions]
    dims = [f for f in fields if f is not None]
    numbers = {
        n.key: n
        for n in subject.numbers
        if f"sum:{n.key}" in spec.measures or f"avg:{n.key}" in spec.measures
    }
    aggregates: dict[str, Any] = {"m_count": Count("pk")}
    for key, number in numbers.items():
        aggregates[f"m_sum_{key}"] = money(Sum(number.expression))
        aggregates[f"m_n_{key}"] = Count(number.expression)
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    if dims:
        found_rows = (
            rows.values(**{f"d{i}": _path(f) for i, f in enumerate(dims)}).annotate(**aggregates).order_by()
        )
    else:
        found_rows = [rows.aggregate(**aggregates)]
    for found in found_rows:
        values = [found.pop(f"d{i}") for i in range(len(dims))]
        group_keys = tuple(_key(f, v) for f, v in zip(dims, values, strict=True))
        group = groups.setdefault(
            group_keys,
            {
                "keys": group_keys,
                "labels": [_label(f, v) for f, v in zip(dims, values, strict=True)],
                "raw": {},
            },
        )
        # NULL and "" are the same "not filled in" group.
        for name, amount in found.items():
            group["raw"][name] = (group["raw"].get(name) or 0) + (amount or 0)
    total_raw: dict[str, Any] = {}
    for group in groups.values():
        for name, amount in group["raw"].items():
            total_raw[name] = total_raw.get(name, 0) + amount
    columns = [measure_column(subject, key) for key in spec.measures]
    result_rows = [
        {
            "key": "|".join(g["keys"]),
            "label": SEPARATOR.join(g["labels"]) or _("Totaal"),
            **_figures(spec, g["raw"], total_raw),
        }
        for g in sorted(
            groups.values(),
            key=lambda g: [(k == "", label.lower()) for k, label in zip(g["keys"], g["labels"], strict=True)],
        )
    ]
    if not dims and not total_raw.get("m_count"):
        result_rows = []
    dimension = Dimension(
        # Prefixed with the subject: never the standard reports' "month", whose total is the last month.
        f"{subject.key}:" + ("+".join(f.key for f in dims) or "total"),
        SEPARATOR.join(str(f.label) for f in dims) or _("Totaal"),
        "+".join(f.path for f in dims),
    )
    return ReportResult(
        name="dynamic",
        title=title or str(subject.label),
        as_of=as_of,
        dimension=dimension,
        columns=columns,
        rows=result_rows,
        totals=_figures(spec, total_raw, total_raw),
        period=(spec.date_from, spec.date_to) if spec.date_from and spec.date_to else None,
    )


def _path(found: Field) -> Any:
    return F(found.path)


def _figures(spec: DynamicSpec, raw: dict[str, Any], total: dict[str, Any]) -> dict[str, Any]:
    count = raw.get("m_count") or 0
    figures: dict[str, Any] = {}
    for key in spec.measures:
        if key == "count":
            figures["count"] = count
        elif key == "share":
            figures["share"] = share(Decimal(count), Decimal(total.get("m_count") or 0))
        else:
            kind, number = key.split(":")
            amount = raw.get(f"m_sum_{number}") or Decimal(0)
            if kind == "sum":
                figures[f"sum_{number}"] = cents(Decimal(amount))
            else:
                n = raw.get(f"m_n_{number}") or 0
                figures[f"avg_{number}"] = (Decimal(amount) / n).quantize(Decimal("0.01")) if n else None
    return figures
