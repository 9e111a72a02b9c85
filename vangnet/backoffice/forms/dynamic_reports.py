"""The choices of a dynamic report on the page: a subject, up to two dimensions, measures, one filter and a
period. The choices come from the catalogue; the catalogue's own check (`spec_from_data`) decides."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.core.errors import ApplicationError
from vangnet.reports.catalogue import CATALOGUE, SUBJECTS, Field, Subject
from vangnet.reports.dynamic import measure_column, measure_keys, spec_from_data
from vangnet.reports.models import Schedule

DATE = forms.DateInput(attrs={"type": "date"})


class DynamicReportForm(forms.Form):
    subject = forms.ChoiceField(label=_lazy("Onderwerp"))
    dimension_1 = forms.ChoiceField(label=_lazy("Indelen naar"), required=False)
    dimension_2 = forms.ChoiceField(label=_lazy("En daarna naar"), required=False)
    measures = forms.MultipleChoiceField(label=_lazy("Maten"), widget=forms.CheckboxSelectMultiple)
    filter_field = forms.ChoiceField(label=_lazy("Filter op"), required=False)
    filter_values = forms.CharField(
        label=_lazy("Waarden van het filter"),
        required=False,
        max_length=500,
        help_text=_lazy("Eén of meer waarden, gescheiden door komma's, bijvoorbeeld: Lombok, Oog in Al."),
    )
    date_from = forms.DateField(label=_lazy("Vanaf"), required=False, widget=DATE)
    date_to = forms.DateField(label=_lazy("Tot en met"), required=False, widget=DATE)

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
        self._choices("filter_field", filterable)
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
        if cleaned.get("filter_field"):
            found = subject.field(cleaned["filter_field"])
            assert found is not None
            values = [v.strip() for v in (cleaned.get("filter_values") or "").split(",") if v.strip()]
            filters.append({"field": found.key, "values": [_code(found, value) for value in values]})
        data = {
            "subject": subject.key,
            "dimensions": [d for d in (cleaned.get("dimension_1"), cleaned.get("dimension_2")) if d],
            "measures": cleaned.get("measures") or [],
            "filters": filters,
            "date_from": cleaned.get("date_from"),
            "date_to": cleaned.get("date_to"),
        }
        try:
            self.spec = spec_from_data(data).as_data()
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return cleaned


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
        label=_lazy("Per e-mail naar mij, met de XLSX als bijlage"), choices=Schedule.choices, required=False
    )
