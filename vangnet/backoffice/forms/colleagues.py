from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import Role

if TYPE_CHECKING:
    # Only the type stubs know the lazy string's type by name.
    from django.utils.functional import _StrPromise


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"), help_text=_("Hier komt de uitnodiging; het is ook de gebruikersnaam.")
    )
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices, initial=Role.CREDIT_MANAGER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Naam van het team"), max_length=100)


class TeamMembersForm(forms.Form):
    members = forms.MultipleChoiceField(label=_("Leden"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, colleagues: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(pk), name) for pk, name in colleagues]  # type: ignore[attr-defined]


class SendersForm(forms.Form):
    sender_name = forms.CharField(
        label=_("Afzendernaam"),
        max_length=200,
        required=False,
        help_text=_("Leeg: de naam van de corporatie."),
    )
    sender_email = forms.EmailField(label=_("Afzender e-mail"), required=False)
    sms_sender = forms.CharField(
        label=_("SMS-afzender"),
        max_length=11,
        required=False,
        help_text=_("Hoogstens 11 letters of cijfers."),
    )


def _price(label: "str | _StrPromise") -> forms.DecimalField:
    """A price in euros with cents, written the Dutch way (1,25), from nothing up to ten euros."""
    return forms.DecimalField(
        label=label, min_value=0, max_value=10, decimal_places=2, localize=True, required=False
    )


class MessagingForm(forms.Form):
    review_batches = forms.BooleanField(
        label=_("Berichten van de nacht eerst laten beoordelen"), required=False
    )
    sandbox = forms.BooleanField(
        label=_("Testomgeving: berichten blijven in Vangnet en gaan niet echt de deur uit"), required=False
    )
    # What a message costs, for the report on which step works; empty leaves the price as it was.
    letter_postage = _price(_("Porto per brief (euro)"))
    letter_page_cost = _price(_("Printen per pagina (euro)"))
    sms_segment_cost = _price(_("Prijs per sms-deel van 160 tekens (euro)"))


class PaymentForm(forms.Form):
    provider = forms.ChoiceField(label=_("Betaaldienst"))
    mollie_api_key_env = forms.RegexField(
        label=_("Naam van de omgevingsvariabele met de Mollie-sleutel"),
        regex=r"^[A-Z][A-Z0-9_]*$",
        max_length=100,
        required=False,
        help_text=_("Leeg: VANGNET_MOLLIE_API_KEY. De sleutel zelf staat nooit in Vangnet."),
        error_messages={
            "invalid": _("Gebruik hoofdletters, cijfers en _, zoals VANGNET_MOLLIE_KEY_WOONSTAD.")
        },
    )
    default_expiry_days = forms.IntegerField(
        label=_("Geldigheid van een betaallink (dagen)"), min_value=1, max_value=90
    )

    def __init__(self, *args, providers: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]
