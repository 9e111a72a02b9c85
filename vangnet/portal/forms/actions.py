"""The forms of what a tenant does on the portal: pay, ask for help, a copy of an invoice, update contact
details. Labels and errors in plain Dutch (B1); every field gets its error next to it."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.core.money import format_euro
from vangnet.portal.services import HelpTopic


class PayForm(forms.Form):
    WHOLE, CHOSEN, INSTALMENT = "whole", "chosen", "instalment"
    choice = forms.ChoiceField(label=_("Wat wilt u betalen?"), widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label=_("Bedrag in euro"),
        help_text=_("Bijvoorbeeld 150,00."),
        required=False,
        min_value=Decimal("1.00"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, balance: Decimal, instalment: Decimal | None, **kwargs):
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, object]] = [
            (self.WHOLE, _("Alles: %(amount)s") % {"amount": format_euro(balance)})
        ]
        if instalment:
            choices.append(
                (self.INSTALMENT, _("De volgende termijn: %(amount)s") % {"amount": format_euro(instalment)})
            )
        choices.append((self.CHOSEN, _("Een ander bedrag")))
        self.fields["choice"].choices = choices  # type: ignore[attr-defined]
        self.balance = balance

    def clean(self):
        data = super().clean()
        if data.get("choice") == self.CHOSEN:
            amount = data.get("amount")
            if amount is None:
                self.add_error("amount", _("Vul het bedrag in dat u wilt betalen."))
            elif amount > self.balance:
                self.add_error("amount", _("Dit is meer dan wat er openstaat."))
        return data


class HelpForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Waar gaat uw vraag over?"),
        widget=forms.RadioSelect,
        choices=[
            (HelpTopic.TALK, _("Ik wil iemand spreken")),
            (HelpTopic.CANNOT_PAY, _("Ik kan de huur niet betalen")),
            (HelpTopic.DEBT_HELP, _("Ik wil hulp bij mijn schulden")),
            (HelpTopic.OTHER, _("Iets anders")),
        ],
    )
    message = forms.CharField(
        label=_("Wat wilt u ons vertellen? (mag leeg blijven)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    phone = forms.CharField(
        label=_("Op welk nummer kunnen we u bellen?"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class InvoiceCopyForm(forms.Form):
    entry = forms.ChoiceField(label=_("Welke factuur?"), required=False)
    note = forms.CharField(
        label=_("Staat de factuur er niet bij? Schrijf op welke u zoekt."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, entries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("Kies een factuur")), *entries]  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if not data.get("entry") and not (data.get("note") or "").strip():
            self.add_error("entry", _("Kies een factuur, of schrijf op welke factuur u zoekt."))
        return data


class ContactForm(forms.Form):
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
    phone_home = forms.CharField(
        label=_("Ander telefoonnummer"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class PostalAddressForm(forms.Form):
    street = forms.CharField(
        label=_("Straat"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    house_number = forms.CharField(
        label=_("Huisnummer"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    house_number_suffix = forms.CharField(
        label=_("Toevoeging (mag leeg blijven)"), max_length=10, required=False
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    city = forms.CharField(
        label=_("Plaats"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )


class DebitAccountForm(forms.Form):
    iban = forms.CharField(
        label=_("Uw rekeningnummer (IBAN)"),
        max_length=42,
        help_text=_("Bijvoorbeeld NL91 ABNA 0417 1643 00."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    account_holder = forms.CharField(
        label=_("Naam van de rekeninghouder"),
        max_length=70,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Ik geef toestemming om de huur elke maand automatisch van deze rekening af te schrijven "
            "(een SEPA-machtiging). Ik kan een afschrijving binnen 8 weken laten terugboeken."
        ),
        required=False,
    )


class SituationForm(forms.Form):
    """'Mijn situatie is veranderd': what changed (the corporation's kinds), since when, and a message."""

    kind = forms.ChoiceField(label=_("Wat is er veranderd?"), widget=forms.RadioSelect)
    since = forms.DateField(
        label=_("Sinds wanneer?"),
        help_text=_("Weet u de dag niet precies? Kies dan ongeveer de dag."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 01-03-2025.")},
    )
    message = forms.CharField(
        label=_("Wilt u nog iets vertellen? (mag leeg blijven)"),
        help_text=_("U hoeft niet te vertellen wat u heeft. Schrijf hier niets over een ziekte of diagnose."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = _("Kies wat er veranderd is.")
        self.fields["kind"].error_messages["invalid_choice"] = _("Kies wat er veranderd is.")
        self.fields["since"].error_messages["required"] = _("Vul in sinds wanneer dit zo is.")
