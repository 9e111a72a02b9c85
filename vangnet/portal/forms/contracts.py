from django import forms
from django.utils.translation import gettext_lazy as _


class SignForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit het bericht"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    name = forms.CharField(
        label=_("Uw volledige naam"),
        max_length=200,
        help_text=_("Typ uw naam zoals die in het contract staat. Dat is uw handtekening."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    read = forms.BooleanField(label=_("Ik heb het huurcontract en de huurvoorwaarden gelezen en ga akkoord."))
