"""The choices of a dynamic report on the page: a subject, up to two dimensions, measures, filter rows, a
period and "only my teams". The choices come from the catalogue; the catalogue's own check
(`spec_from_data`) decides.

Filter rows are plain fields (`filter_field`/`filter_values`, then `filter_field_2`/`filter_values_2`, ...),
so the page works without JavaScript: "Filter toevoegen" and "Verwijder" are submit buttons, and
`filter_rows_changed` turns such a submission into the query of the page with one row more or less.
"""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.core.errors import ApplicationError
from vangnet.reports.catalogue import CATALOGUE, SUBJECTS, Field, Subject
from vangnet.reports.dynamic import MAX_FILTERS, measure_column, measure_keys, spec_from_data
from vangnet.reports.models import Schedule

DATE = forms.DateInput(attrs={"type": "date"})


class DynamicReportForm(forms.Form):
    subject = forms.ChoiceField(label=_lazy("Onderwerp"))
    dimension_1 = forms.ChoiceField(label=_lazy("Indelen naar"), required=False)
    dimension_2 = forms.ChoiceField(label=_lazy("En daarna naar"), required=False)
    measures = forms.MultipleChoiceField(label=_lazy("Maten"), widget=forms.CheckboxSelectMultiple)
    date_from = forms.DateField(label=_lazy("Vanaf"), required=False, widget=DATE)
    date_to = forms.DateField(label=_lazy("Tot en met"), required=False, widget=DATE)
    my_teams = forms.BooleanField(label=_lazy("Alleen mijn teams"), required=False)

    def __init__(self, *args: Any, subject_key: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.data.get("subject") if self.is_bound else subject_key
        self.catalogue_subject: Subject = CATALOGUE.get(chosen or "", SUBJECTS[0])
        subject = self.catalogue_subject
        self._choices("subject", [(s.key, s.label) for s in SUBJECTS])
        self.fields["subject"].initial = self.catalogue_subject.key
        self.fields["measures"].initial = ["count"]
        dimensions = [("", _("(geen)"))] + [(f.key, f.label) for f in subject.fields]
        self._choices("dimension_1", dimensions)
        self._choices("dimension_2", dimensions)
        self._choices(
            "measures", [(key, measure_column(subject, key).label) for key in measure_keys(subject)]
        )
        filterable = [("", _("(geen filter)"))] + [(f.key, f.label) for f in subject.fields if f.filterable]
        self.filter_rows: list[tuple[forms.BoundField, forms.BoundField, int]] = []
        for row in range(1, filter_row_count(self.data if self.is_bound else {}) + 1):
            field_name, values_name = filter_names(row)
            self.fields[field_name] = forms.ChoiceField(
                label=_("Filter op") if row == 1 else _("Filter %(n)s op") % {"n": row},
                required=False,
                choices=filterable,
            )
            self.fields[values_name] = forms.CharField(
                label=_("Waarden van het filter") if row == 1 else _("Waarden van filter %(n)s") % {"n": row},
                required=False,
                max_length=500,
                help_text=_("Eén of meer waarden, gescheiden door komma's, bijvoorbeeld: Lombok, Oog in Al."),
            )
            self.filter_rows.append((self[field_name], self[values_name], row))
        self.may_add_filter = len(self.filter_rows) < MAX_FILTERS
        if not subject.team_path:
            del self.fields["my_teams"]
        self.fields["date_from"].help_text = _("Op %(date)s.") % {"date": subject.date_label}
        self.spec: dict[str, Any] = {}

    def _choices(self, name: str, choices: list) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        subject = self.catalogue_subject
        filters = []
        for _field, _values, row in self.filter_rows:
            field_name, values_name = filter_names(row)
            if not cleaned.get(field_name):
                continue
            found = subject.field(cleaned[field_name])
            assert found is not None
            values = [v.strip() for v in (cleaned.get(values_name) or "").split(",") if v.strip()]
            filters.append({"field": found.key, "values": [_code(found, value) for value in values]})
        data = {
            "subject": subject.key,
            "dimensions": [d for d in (cleaned.get("dimension_1"), cleaned.get("dimension_2")) if d],
            "measures": cleaned.get("measures") or [],
            "filters": filters,
            "date_from": cleaned.get("date_from"),
            "date_to": cleaned.get("date_to"),
            "my_teams": bool(cleaned.get("my_teams")),
        }
        try:
            self.spec = spec_from_data(data).as_data()
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return cleaned


def filter_names(row: int) -> tuple[str, str]:
    """The names of a filter row's fields: the first row keeps the plain names (older links still work)."""
    suffix = "" if row == 1 else f"_{row}"
    return f"filter_field{suffix}", f"filter_values{suffix}"


def filter_row_count(data: Any) -> int:
    """How many filter rows the page shows: as many as it was sent (at least one, at most MAX_FILTERS)."""
    rows = 1
    while rows < MAX_FILTERS and any(name in data for name in filter_names(rows + 1)):
        rows += 1
    return rows


def filter_rows_changed(query: QueryDict) -> QueryDict | None:
    """The page's query with a filter row added ("add_filter") or one removed ("remove_filter" = its
    number, the rows after it moving up); None when neither button was pressed."""
    if "add_filter" not in query and "remove_filter" not in query:
        return None
    rows = filter_row_count(query)
    pairs = [tuple(query.get(name, "") for name in filter_names(row)) for row in range(1, rows + 1)]
    removed = query.get("remove_filter", "")
    if removed.isdigit() and 1 <= int(removed) <= rows:
        del pairs[int(removed) - 1]
    if "add_filter" in query and len(pairs) < MAX_FILTERS:
        pairs.append(("", ""))
    changed = query.copy()
    for name in ("add_filter", "remove_filter", "format"):
        changed.pop(name, None)
    for row in range(1, MAX_FILTERS + 1):
        for name in filter_names(row):
            changed.pop(name, None)
    for row, (field, values) in enumerate(pairs or [("", "")], start=1):
        field_name, values_name = filter_names(row)
        changed[field_name], changed[values_name] = field, values
    return changed


def _code(found: Field, value: str) -> str:
    """A value as people write it (a label such as "Vertrokken") becomes the stored code; other text stays."""
    for code, label in found.choices.items():
        if value.lower() == str(label).lower():
            return ("1" if code else "0") if found.boolean else str(code)
    return value


class SaveReportForm(forms.Form):
    title = forms.CharField(label=_lazy("Titel"), max_length=120)
    shared = forms.TypedChoiceField(
        label=_lazy("Voor wie"),
        choices=[("0", _lazy("Alleen voor mij")), ("1", _lazy("Voor het hele team"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    on_start = forms.BooleanField(label=_lazy("Als tegel op mijn startscherm"), required=False)
    schedule = forms.ChoiceField(
        label=_lazy("Per e-mail een link naar mij"), choices=Schedule.choices, required=False
    )
