"""Forms for vroegsignalering: a municipality's agreement, the policy, a contact attempt, an objection,
the municipality's answer and its file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.earlysignal.models import Answer, ContactMethod, Delivery, FileFormat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MunicipalityForm(forms.Form):
    name = forms.CharField(label=_("Gemeente"), max_length=100)
    agreed = forms.BooleanField(label=_("De gemeente wil signalen ontvangen"), required=False)
    agreed_on = forms.DateField(label=_("Afspraak sinds"), required=False, widget=DATE)
    delivery_kind = forms.ChoiceField(label=_("Aanlevering"), choices=Delivery.choices)
    file_format = forms.ChoiceField(label=_("Bestandsformaat"), choices=FileFormat.choices)
    contact_name = forms.CharField(label=_("Contactpersoon"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("E-mail contactpersoon"), required=False)
    contact_phone = forms.CharField(label=_("Telefoon contactpersoon"), max_length=20, required=False)
    endpoint_url = forms.URLField(
        label=_("Adres van de API van de gemeente"), required=False, assume_scheme="https"
    )
    endpoint_token = forms.CharField(label=_("Sleutel voor de API"), max_length=200, required=False)


class PolicyForm(forms.Form):
    min_days = forms.IntegerField(label=_("Achterstand minstens (dagen)"), min_value=0, max_value=365)
    min_amount = forms.DecimalField(label=_("Achterstand minstens (€)"), min_value=0, decimal_places=2)
    objection_days = forms.IntegerField(
        label=_("Bezwaartermijn na de herinnering (dagen)"), min_value=0, max_value=90
    )
    resignal_monthly = forms.BooleanField(
        label=_("Elke maand opnieuw melden zolang de achterstand blijft"), required=False
    )


class ContactAttemptForm(forms.Form):
    method = forms.ChoiceField(label=_("Hoe"), choices=ContactMethod.choices)
    happened_on = forms.DateField(label=_("Datum"), widget=DATE)
    reached = forms.BooleanField(label=_("Huurder gesproken"), required=False)
    note = forms.CharField(label=_("Notitie"), max_length=500, required=False)


class ObjectionForm(forms.Form):
    note = forms.CharField(label=_("Toelichting (niet verplicht)"), max_length=500, required=False)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Reactie van de gemeente"), choices=Answer.choices)
    answered_on = forms.DateField(label=_("Datum"), widget=DATE)
    review_on = forms.DateField(label=_("Herbeoordelen op (bij hulp)"), required=False, widget=DATE)
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


class AnswersFileForm(forms.Form):
    file = forms.FileField(label=_("Bestand met reacties (CSV)"))
