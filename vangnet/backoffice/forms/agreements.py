"""Forms of the tenant card's actions: an arrangement with its schedule, a promise, a dispute."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.arrangements.budget import WITH_CHILDREN, BudgetFigures, HouseholdType
from vangnet.arrangements.models import ArrangementPaymentMethod
from vangnet.core.money import parse_euro


class EuroField(forms.CharField):
    """An amount typed the Dutch way ('1.250,00'); cleaned to a Decimal with two places."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        amount = parse_euro(text)
        if amount is None:
            raise forms.ValidationError(_("Vul een bedrag in zoals 250 of 1.250,50."))
        return amount


DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class ArrangementForm(forms.Form):
    total = EuroField(label=_("Totaalbedrag"))
    count = forms.IntegerField(label=_("Aantal termijnen"), min_value=1, max_value=60, required=False)
    amount = EuroField(label=_("Of: bedrag per termijn"), required=False)
    start_date = forms.DateField(label=_("Eerste termijn op"), widget=DATE_INPUT)
    payment_method = forms.ChoiceField(label=_("Betaalwijze"), choices=ArrangementPaymentMethod.choices)
    debit_iban = forms.CharField(
        label=_("IBAN voor automatische incasso"),
        max_length=34,
        required=False,
        help_text=_("Alleen bij automatische incasso, als er nog geen machtiging is."),
    )
    override_reason = forms.CharField(
        label=_("Reden om af te wijken van het beleid"), max_length=250, required=False
    )
    # The optional budget check with the tenant (arrangements/budget.py): empty as a whole means none.
    household = forms.ChoiceField(
        label=_("Huishouden"), choices=[("", ""), *HouseholdType.choices], required=False
    )
    children = forms.IntegerField(label=_("Aantal kinderen"), min_value=0, max_value=15, required=False)
    income = EuroField(label=_("Netto inkomen per maand"), required=False)
    rent = EuroField(label=_("Huur na huurtoeslag"), required=False)
    energy = EuroField(label=_("Energie en water"), required=False)
    insurance = EuroField(label=_("Verzekeringen"), required=False)
    care = EuroField(label=_("Zorgkosten"), required=False)
    debts = EuroField(label=_("Andere schulden die al betaald worden"), required=False)

    BUDGET_AMOUNTS = ("income", "rent", "energy", "insurance", "care", "debts")

    def has_budget(self) -> bool:
        names = (*self.BUDGET_AMOUNTS, "household", "children")
        return any(str(self.data.get(name, "")).strip() for name in names)

    def budget(self) -> BudgetFigures | None:
        """The budget check filled in with the tenant, or None (call after is_valid)."""
        if not self.has_budget():
            return None
        data = self.cleaned_data
        return BudgetFigures(
            household=data["household"],
            children=data.get("children") or 0,
            **{name: data.get(name) or Decimal("0.00") for name in self.BUDGET_AMOUNTS},
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.has_budget():
            if data.get("income") is None and "income" not in self.errors:
                self.add_error("income", _("Budgetcheck: vul het netto inkomen per maand in."))
            if not data.get("household"):
                self.add_error("household", _("Budgetcheck: kies het huishouden."))
            elif data["household"] in WITH_CHILDREN and not data.get("children"):
                self.add_error("children", _("Budgetcheck: vul het aantal kinderen in."))
        if not data.get("count") and not data.get("amount"):
            raise forms.ValidationError(_("Vul het aantal termijnen in, of het bedrag per termijn."))
        if data.get("count") and data.get("amount"):
            raise forms.ValidationError(
                _("Vul het aantal termijnen óf het bedrag per termijn in, niet allebei.")
            )
        return data


class PromiseForm(forms.Form):
    promised_date = forms.DateField(label=_("Betaalt op"), widget=DATE_INPUT)
    amount = EuroField(label=_("Bedrag"))


class DisputeForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Soort geschil"), coerce=int)
    items = forms.TypedMultipleChoiceField(label=_("Over welke posten?"), coerce=int, required=False)
    description = forms.CharField(
        label=_("Wat is het probleem?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(label=_("Bijlage (pdf, jpg of png)"), required=False)

    def __init__(self, *args, categories, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, c.name) for c in categories]  # type: ignore[attr-defined]
        self.fields["items"].choices = items  # type: ignore[attr-defined]
