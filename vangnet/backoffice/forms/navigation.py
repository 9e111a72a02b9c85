from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.core.middleware import corporations_for


class TenantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek een huurder"),
        required=False,
        max_length=100,
        help_text=_("Naam, adres, postcode, huisnummer, contractnummer of betalingskenmerk."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )


class CorporationSwitchForm(forms.Form):
    corporation = forms.TypedChoiceField(label=_("Corporatie"), coerce=int)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(c.pk, c.name) for c in corporations_for(user)]
        self.fields["corporation"].choices = choices  # type: ignore[attr-defined]
