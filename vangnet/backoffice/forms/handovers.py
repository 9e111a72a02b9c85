"""Forms of the hand-over screens: the manager's decision, recall, agencies and their WKI checks, feedback."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.handovers.formats import format_choices
from vangnet.handovers.formats.columns import COLUMNS
from vangnet.handovers.models import AgencyKind, HandoverStatus, RecallReason


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *HandoverStatus.choices]
    )
    agency = forms.ChoiceField(label=_("Partner"), required=False)
    min_amount = forms.DecimalField(label=_("Vanaf bedrag"), required=False, min_value=0, decimal_places=2)
    q = forms.CharField(label=_("Contract of achternaam"), required=False, max_length=100)
    passing = forms.BooleanField(label=_("Alleen voorstellen die alle controles doorstaan"), required=False)

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("Alle"))] + [(a.slug, a.name) for a in agencies]  # type: ignore[attr-defined]


class RecallForm(forms.Form):
    reason = forms.ChoiceField(label=_("Waarom terughalen?"), choices=RecallReason.choices)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=500)
    next = forms.ChoiceField(
        label=_("Daarna"),
        choices=[("flow", _("Terug in ons eigen traject")), ("close", _("Dossier sluiten"))],
        widget=forms.RadioSelect,
        initial="flow",
    )


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=AgencyKind.choices)
    export_format = forms.ChoiceField(label=_("Exportformaat"), choices=format_choices)
    columns = forms.MultipleChoiceField(
        label=_("Kolommen in CSV en Excel (leeg: de standaardset)"),
        required=False,
        # The column by its header in words ("Overgedragen op" for overgedragen_op).
        choices=[(key, header.replace("_", " ").capitalize()) for key, (header, _value) in COLUMNS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Contactpersoon"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telefoon"), max_length=30, required=False)
    address = forms.CharField(label=_("Adres"), max_length=300, required=False)
    kvk_number = forms.CharField(label=_("KvK-nummer"), max_length=20, required=False)
    office_number = forms.CharField(
        label=_("Kantoornummer (gerechtsdeurwaarder)"), max_length=20, required=False
    )
    costs_agreement = forms.CharField(
        label=_("Kostenafspraak"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    vat_uplift = forms.DecimalField(
        label=_("Btw-opslag op incassokosten (%)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        help_text=_(
            "Alleen invullen als deze partner btw rekent die uw corporatie niet kan verrekenen. De opslag wordt "
            "bij overdracht geboekt en in het dossier verklaard."
        ),
    )


class WkiCheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Gecontroleerd op"), widget=forms.DateInput(attrs={"type": "date"}))
    registered = forms.TypedChoiceField(
        label=_("Uitkomst"),
        choices=[("1", _("Staat in het register")), ("0", _("Staat niet in het register"))],
        coerce=lambda value: value == "1",
    )
    register_number = forms.CharField(label=_("Registratienummer"), max_length=40, required=False)
    note = forms.CharField(label=_("Opmerking"), max_length=300, required=False)


class FeedbackForm(forms.Form):
    agency = forms.ChoiceField(label=_("Partner"))
    file = forms.FileField(label=_("Terugkoppelingsbestand (CSV)"))

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.slug, a.name) for a in agencies]  # type: ignore[attr-defined]
