"""The portal's sign-in forms: the code from a letter, and the second check (postcode and house number, or
birth date). Labels and errors in plain Dutch (B1)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeLoginForm(forms.Form):
    code = forms.CharField(
        label=_("Uw persoonlijke code"),
        help_text=_("Deze code staat in de brief, bijvoorbeeld ABCD-EFGH."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    house_number = forms.CharField(
        label=_("Huisnummer"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class SecondCheckForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    house_number = forms.CharField(
        label=_("Huisnummer"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    birth_date = forms.DateField(
        label=_("Of: uw geboortedatum"),
        help_text=_("Bijvoorbeeld 31-12-1980."),
        required=False,
        input_formats=["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
    )

    def clean(self):
        data = super().clean()
        has_address = data.get("postcode") and data.get("house_number")
        if not has_address and not data.get("birth_date"):
            raise forms.ValidationError(_("Vul uw postcode en huisnummer in, of uw geboortedatum."))
        return data
