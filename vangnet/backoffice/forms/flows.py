"""Forms for the flow timeline editor: one form per step, a formset per version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.core.channels import DELIVERY_KINDS, kind_choices
from vangnet.flows.capacity import MOST_PER_DAY
from vangnet.flows.models import Flow, StepAction, StepAnchor
from vangnet.flows.segments import FIELDS, OPERATOR_LABELS


class StepForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=120)
    day_offset = forms.IntegerField(label=_("Dag"), min_value=0, max_value=730)
    anchor = forms.ChoiceField(label=_("Vanaf"), choices=StepAnchor.choices, initial=StepAnchor.OLDEST_DUE)
    # An empty first choice keeps the blank "new step" form unchanged, so it is ignored unless filled in.
    action = forms.ChoiceField(label=_("Actie"), choices=[("", _("kies een actie")), *StepAction.choices])
    channels = forms.MultipleChoiceField(
        label=_("Kanalen"),
        choices=kind_choices(DELIVERY_KINDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fallback_channel = forms.ChoiceField(
        label=_("Terugval"), choices=[("", _("geen")), *kind_choices(DELIVERY_KINDS)], required=False
    )
    # Chosen from the corporation's templates by name, never typed as a code.
    template_code = forms.ChoiceField(label=_("Sjabloon"), required=False)
    min_amount = forms.DecimalField(
        label=_("Minimaal bedrag (€)"), min_value=0, decimal_places=2, required=False
    )
    weekdays_only = forms.BooleanField(label=_("Alleen werkdagen"), required=False)
    task_priority = forms.TypedChoiceField(
        label=_("Prioriteit taak"),
        choices=[(1, _("Laag")), (2, _("Normaal")), (3, _("Hoog")), (4, _("Urgent"))],
        coerce=int,
        initial=2,
    )

    def __init__(self, *args, templates: list[tuple[str, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = list(templates or [])
        # A step of an older version may name a template the corporation has since removed: keep it visible.
        current = self.initial.get("template_code")
        if current and current not in dict(choices):
            choices.append((current, current))
        field = self.fields["template_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("geen sjabloon")), *choices]


StepFormSet = forms.formset_factory(StepForm, extra=1, can_delete=True)


class VersionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Wat verandert er?"),
        max_length=300,
        help_text=_("Lopende dossiers houden hun versie; nieuwe dossiers krijgen deze."),
    )
    takes_over_open = forms.BooleanField(
        label=_("Lopende dossiers overnemen"),
        required=False,
        help_text=_(
            "Komt een huurder met een lopend dossier in een segment van dit traject, dan gaat het dossier "
            "bij de volgende run naar dit traject. Wat het oude traject nog had gepland, vervalt."
        ),
    )


class PreviewForm(forms.Form):
    as_of = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))


class CapacityForm(forms.Form):
    """How many calls and house visits the team can do a day; empty is no limit."""

    calls_per_day = forms.IntegerField(
        label=_("Belgesprekken per dag"), required=False, min_value=1, max_value=MOST_PER_DAY
    )
    visits_per_day = forms.IntegerField(
        label=_("Huisbezoeken per dag"), required=False, min_value=1, max_value=MOST_PER_DAY
    )


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=120)
    description = forms.CharField(label=_("Omschrijving"), max_length=300, required=False)
    match = forms.ChoiceField(
        label=_("Een contract hoort erbij als het voldoet aan"),
        choices=[("all", _("alle voorwaarden")), ("any", _("een van de voorwaarden"))],
    )
    flow: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Traject"), queryset=Flow.objects.none(), required=False, empty_label=_("geen traject")
    )
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)
    note = forms.CharField(
        label=_("Wat verandert er en waarom?"),
        max_length=300,
        required=False,
        help_text=_("Uw collega leest dit bij het goedkeuren."),
    )

    def __init__(self, *args, flows, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["flow"].queryset = flows  # type: ignore[attr-defined]


def condition_field_choices() -> list[tuple[str, str]]:
    return [("", str(_("kies een veld")))] + [(key, str(field.label)) for key, field in FIELDS.items()]


def operator_choices() -> list[tuple[str, str]]:
    return [("", str(_("kies")))] + [(key, str(label)) for key, label in OPERATOR_LABELS.items()]


class ConditionForm(forms.Form):
    field = forms.ChoiceField(label=_("Veld"), choices=condition_field_choices)
    op = forms.ChoiceField(label=_("Voorwaarde"), choices=operator_choices)
    value = forms.CharField(
        label=_("Waarde"),
        max_length=200,
        required=False,
        help_text=_("Meerdere waarden scheiden met komma's; ja of nee bij een ja/nee-veld."),
    )


ConditionFormSet = forms.formset_factory(ConditionForm, extra=2, can_delete=True)


class InterestRateForm(forms.Form):
    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=forms.DateInput(attrs={"type": "date"}))
    rate = forms.DecimalField(label=_("Rente (% per jaar)"), min_value=0, max_value=99, decimal_places=2)
    source = forms.CharField(label=_("Bron"), max_length=200, help_text=_("Bijvoorbeeld het Staatsblad."))


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=300)
    review_on = forms.DateField(
        label=_("Beoordelen op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leeg laten: tot u de wachtcode opheft."),
    )
