"""Setting up a campaign, and typing in a paper reply slip."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.campaigns.models import CampaignKind

CHANNELS = (("email", _("E-mail")), ("sms", _("SMS")), ("letter", _("Brief met antwoordstrook")))


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=120)
    kind = forms.ChoiceField(label=_("Doel"), choices=CampaignKind.choices)
    channel_1 = forms.ChoiceField(label=_("Eerste kanaal"), choices=CHANNELS)
    channel_2 = forms.ChoiceField(
        label=_("Anders, of als dat mislukt"), choices=(("", _("Geen")), *CHANNELS), required=False
    )
    channel_3 = forms.ChoiceField(label=_("Daarna"), choices=(("", _("Geen")), *CHANNELS), required=False)
    complexes = forms.MultipleChoiceField(label=_("Complexen (leeg: alle)"), required=False)
    neighbourhoods = forms.MultipleChoiceField(label=_("Wijken (leeg: alle)"), required=False)
    only_missing_contact = forms.BooleanField(
        label=_("Alleen huurders zonder e-mailadres of mobiel nummer"), required=False
    )
    starts_on = forms.DateField(label=_("Verzenden op"), widget=forms.DateInput(attrs={"type": "date"}))
    reminder_after_days = forms.IntegerField(label=_("Herinnering na (dagen)"), min_value=1, initial=7)
    deadline = forms.DateField(label=_("Uiterste datum"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, complexes: list[tuple[str, str]], neighbourhoods: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["complexes"].choices = complexes  # type: ignore[attr-defined]
        self.fields["neighbourhoods"].choices = [(n, n) for n in neighbourhoods]  # type: ignore[attr-defined]

    def channels(self) -> list[str]:
        data = self.cleaned_data
        return [c for c in (data["channel_1"], data["channel_2"], data["channel_3"]) if c]


class PaperSlipForm(forms.Form):
    code = forms.CharField(
        label=_("Antwoordcode"),
        max_length=12,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}),
    )
    meter_number = forms.CharField(
        label=_("Meternummer"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    value = forms.CharField(
        label=_("Meterstand (m³)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
