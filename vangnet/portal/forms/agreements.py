"""Forms for promises, arrangement proposals, "I already paid" and disputes."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.arrangements.budget import WITH_CHILDREN, BudgetFigures, HouseholdType
from vangnet.arrangements.models import ArrangementPaymentMethod
from vangnet.core.money import parse_euro

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def money_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class PromiseForm(forms.Form):
    promised_date = forms.DateField(
        label=_("Op welke dag betaalt u?"), widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    amount = money_field(_("Hoeveel betaalt u dan? (in euro)"))

    def __init__(self, *args, latest: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promised_date"].help_text = _("Uiterlijk %(date)s.") % {
            "date": latest.strftime("%d-%m-%Y")
        }


class ArrangementForm(forms.Form):
    count = forms.IntegerField(
        label=_("In hoeveel maanden wilt u betalen?"),
        min_value=2,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    start_date = forms.DateField(
        label=_("Wanneer betaalt u de eerste keer?"), widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    payment_method = forms.ChoiceField(
        label=_("Hoe wilt u betalen?"),
        widget=forms.RadioSelect,
        choices=[
            (ArrangementPaymentMethod.LINK, _("Elke maand een betaallink")),
            (ArrangementPaymentMethod.DIRECT_DEBIT, _("Automatisch afschrijven van mijn rekening")),
        ],
        initial=ArrangementPaymentMethod.LINK,
    )
    debit_iban = forms.CharField(
        label=_("Uw rekeningnummer (IBAN), alleen bij automatisch afschrijven"),
        required=False,
        max_length=34,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    agree = forms.BooleanField(
        label=_(
            "Ik geef toestemming om de termijnen automatisch af te schrijven (alleen bij automatisch afschrijven)."
        ),
        required=False,
    )

    def __init__(self, *args, max_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].help_text = _(
            "Tot %(n)s maanden spreken we meteen af. Langer? Dan kijkt een medewerker mee."
        ) % {"n": max_count}

    def clean(self):
        data = super().clean()
        if data.get("payment_method") == ArrangementPaymentMethod.DIRECT_DEBIT:
            if not (data.get("debit_iban") or "").strip():
                self.add_error("debit_iban", _("Vul uw rekeningnummer in."))
            if not data.get("agree"):
                self.add_error("agree", _("Zonder uw toestemming kunnen we niet automatisch afschrijven."))
        return data


class CostField(forms.CharField):
    """An amount per month typed the Dutch way ('1.250,50' or '85'); empty is allowed."""

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, max_length=20, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value

    def clean(self, value) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        amount = parse_euro(text)
        if amount is None or amount < 0:
            raise forms.ValidationError(_("Vul een bedrag in, zoals 85 of 1.250,50."))
        if amount > Decimal("100000"):
            raise forms.ValidationError(_("Vul een bedrag per maand in van minder dan 100.000 euro."))
        return amount


def cost_field(label) -> CostField:
    return CostField(label=label)


class BudgetForm(forms.Form):
    """The optional budget check: all per month. Empty as a whole means no check."""

    household = forms.ChoiceField(
        label=_("Wie horen bij uw huishouden?"),
        widget=forms.RadioSelect,
        choices=HouseholdType.choices,
        required=False,
    )
    children = forms.IntegerField(
        label=_("Aantal kinderen (alleen als u kinderen heeft)"),
        min_value=0,
        max_value=15,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    income = cost_field(_("Netto inkomen van uw huishouden per maand"))
    rent = cost_field(_("Huur per maand, na huurtoeslag"))
    energy = cost_field(_("Gas, stroom en water per maand"))
    insurance = cost_field(_("Verzekeringen per maand (ook de zorgverzekering, na zorgtoeslag)"))
    care = cost_field(_("Andere kosten voor zorg per maand (bijvoorbeeld eigen risico of eigen bijdrage)"))
    debts = cost_field(_("Andere schulden die u al afbetaalt, per maand"))

    AMOUNTS = ("income", "rent", "energy", "insurance", "care", "debts")

    def clean(self):
        data = super().clean()
        if not self.has_figures():
            return data
        if data.get("income") is None and "income" not in self.errors:
            self.add_error("income", _("Vul het netto inkomen van uw huishouden per maand in."))
        if not data.get("household"):
            self.add_error("household", _("Kies wie er bij uw huishouden horen."))
        elif data["household"] in WITH_CHILDREN and not data.get("children"):
            self.add_error("children", _("Vul in hoeveel kinderen er in uw huishouden zijn."))
        return data

    def has_figures(self) -> bool:
        return any(str(self.data.get(name, "")).strip() for name in (*self.AMOUNTS, "household", "children"))

    def figures(self) -> BudgetFigures | None:
        """The check the tenant filled in, or None when they left it empty (call after is_valid)."""
        if not self.has_figures():
            return None
        data = self.cleaned_data
        return BudgetFigures(
            household=data["household"],
            children=data.get("children") or 0,
            **{name: data.get(name) or Decimal("0.00") for name in self.AMOUNTS},
        )


class PaymentClaimForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Op welke dag heeft u betaald?"), widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    amount = money_field(_("Hoeveel heeft u betaald? (in euro)"))


class DisputeForm(forms.Form):
    category = forms.ChoiceField(label=_("Wat is er aan de hand?"), widget=forms.RadioSelect)
    items = forms.MultipleChoiceField(
        label=_("Over welke posten gaat het?"), widget=forms.CheckboxSelectMultiple, required=False
    )
    description = forms.CharField(
        label=_("Vertel in uw eigen woorden wat er niet klopt"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachment = forms.FileField(
        label=_("Bijlage (mag leeg blijven)"),
        help_text=_("Een foto of PDF van hoogstens 10 MB, bijvoorbeeld een bon of een brief."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, categories: list[tuple[str, str]], items: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        self.fields["items"].choices = items  # type: ignore[attr-defined]
