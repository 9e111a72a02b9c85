"""The choices on a report page: how to group it, as of which day, from which day (period reports), and only
the colleague's own teams (reports whose rows belong to a team)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.reports.base import Report


class ReportForm(forms.Form):
    by = forms.ChoiceField(label=_("Indelen naar"), required=False)
    as_of = forms.DateField(
        label=_("Stand op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    my_teams = forms.BooleanField(label=_("Alleen mijn teams"), required=False)

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        by = self.fields["by"]
        assert isinstance(by, forms.ChoiceField)
        by.choices = [(d.key, d.label) for d in report.dimensions]
        if not report.has_period:
            # A standing (arrears, ageing) has no period.
            del self.fields["period_from"]
        if not report.has_teams:
            del self.fields["my_teams"]

    def clean(self):
        cleaned = super().clean()
        start, as_of = cleaned.get("period_from"), cleaned.get("as_of")
        if start and as_of and start > as_of:
            self.add_error("period_from", _("De begindatum ligt na de einddatum."))
        return cleaned
