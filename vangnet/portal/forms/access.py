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
    """Asks one thing the letter or the link does not show (portal.access.second_check_question)."""

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
        label=_("Uw geboortedatum"),
        help_text=_("Bijvoorbeeld 31-12-1980."),
        required=False,
        input_formats=["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
    )
    contact = forms.CharField(
        label=_("Uw e-mailadres of mobiele nummer"),
        help_text=_("Het adres of nummer dat u aan ons heeft gegeven."),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    QUESTION_FIELDS = {
        "birth_date": ("birth_date",),
        "address": ("postcode", "house_number"),
        "contact": ("contact",),
    }

    def __init__(self, *args, question: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        asked = self.QUESTION_FIELDS.get(question, ())
        for name in list(self.fields):
            if name not in asked:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        missing = [name for name in self.fields if not data.get(name)]
        if self.question == "birth_date" and missing:
            raise forms.ValidationError(_("Vul uw geboortedatum in."))
        if self.question == "address" and missing:
            raise forms.ValidationError(_("Vul uw postcode en huisnummer in."))
        if self.question == "contact" and missing:
            raise forms.ValidationError(_("Vul uw e-mailadres of mobiele nummer in."))
        return data
