"""The tenant's answers to a campaign: contact data, a water-meter reading, a score."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.tenants.models import Language

CHANNEL_CHOICES = (
    ("email", _("E-mail")),
    ("sms", _("SMS")),
    ("letter", _("Brief")),
    ("phone", _("Telefoon")),
)
TONE_CHOICES = (("u", _("Met u")), ("je", _("Met je")), ("", _("Maakt mij niet uit")))


class ContactAnswerForm(forms.Form):
    email = forms.CharField(
        label=_("E-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone_mobile = forms.CharField(
        label=_("Mobiel nummer"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_channel = forms.ChoiceField(
        label=_("Hoe bereiken wij u het liefst?"), choices=CHANNEL_CHOICES, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("In welke taal leest u het liefst?"), choices=Language.choices)
    tone = forms.ChoiceField(
        label=_("Hoe spreken wij u aan?"), choices=TONE_CHOICES, required=False, widget=forms.RadioSelect
    )
    iban = forms.CharField(
        label=_("IBAN voor automatische incasso (mag leeg blijven)"),
        required=False,
        max_length=40,
        help_text=_("Dan halen wij de huur elke maand van uw rekening. Wij nemen eerst contact met u op."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class MeterAnswerForm(forms.Form):
    meter_number = forms.CharField(
        label=_("Meternummer"),
        max_length=30,
        required=False,
        help_text=_("Het nummer staat op de meter, meestal bij de streepjescode."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    value = forms.CharField(
        label=_("Meterstand in m³"),
        max_length=20,
        help_text=_("De zwarte cijfers zijn hele m³; de rode cijfers komen na de komma."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    photo = forms.FileField(label=_("Foto van de meter (mag ook)"), required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SurveyAnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Welk cijfer geeft u ons?"),
        choices=[(str(n), str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Wat kunnen wij beter doen? (mag leeg blijven)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
