from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DAYS = [(day, str(day)) for day in range(1, 29)]


def signing_code_field() -> forms.CharField:
    """The one-time code from the message, with which every signature in the portal is given."""
    return forms.CharField(
        label=_("Code uit het bericht"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def typed_name_field(help_text: "StrOrPromise") -> forms.CharField:
    """The signer's full name, typed: the signature itself."""
    return forms.CharField(
        label=_("Uw volledige naam"),
        max_length=200,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class CollectionDaysMixin(forms.Form):
    """The collection days to offer, when the corporation collects on some days of the month only."""

    def __init__(self, *args, days: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if days is not None:
            self.fields["collection_day"].choices = [(day, str(day)) for day in days]  # type: ignore[attr-defined]


class CoTenantSignForm(forms.Form):
    """A signature of a contract: the one-time code and the typed name. The new co-tenant of a tenaamstelling
    signs with exactly this; a letting's candidate also chooses how to pay (SignForm)."""

    code = signing_code_field()
    name = typed_name_field(_("Typ uw naam zoals die in het contract staat. Dat is uw handtekening."))
    read = forms.BooleanField(label=_("Ik heb het huurcontract en de huurvoorwaarden gelezen en ga akkoord."))


class SignForm(CollectionDaysMixin, CoTenantSignForm):
    """The letting's signature; the candidate may choose direct debit, whose mandate the same code and name
    sign (the mandate fields are checked by the service, only when direct debit is chosen)."""

    field_order = ["method", "iban", "account_holder", "collection_day", "code", "name", "read"]

    method = forms.ChoiceField(
        label=_("Hoe wilt u de huur betalen?"),
        choices=[
            ("transfer", _("Overboeking: u maakt de huur zelf over")),
            ("direct_debit", _("Automatische incasso: wij schrijven de huur elke maand af")),
        ],
        initial="transfer",
        required=False,
        widget=forms.RadioSelect,
    )
    iban = forms.CharField(
        label=_("Rekeningnummer (IBAN), alleen bij automatische incasso"), max_length=40, required=False
    )
    account_holder = forms.CharField(
        label=_("Naam van de rekeninghouder, alleen bij automatische incasso"), max_length=70, required=False
    )
    collection_day = forms.TypedChoiceField(
        label=_("Op welke dag van de maand schrijven wij af? Alleen bij automatische incasso"),
        choices=DAYS,
        coerce=int,
        required=False,
        empty_value=None,
    )


class PaymentMethodForm(CollectionDaysMixin, forms.Form):
    method = forms.ChoiceField(
        label=_("Hoe wilt u de huur betalen?"),
        choices=[
            ("direct_debit", _("Automatische incasso: wij schrijven de huur elke maand af")),
            ("transfer", _("Overboeking: u maakt de huur zelf over")),
        ],
        widget=forms.RadioSelect,
    )
    iban = forms.CharField(label=_("Rekeningnummer (IBAN)"), max_length=40, required=False)
    account_holder = forms.CharField(label=_("Naam van de rekeninghouder"), max_length=70, required=False)
    collection_day = forms.TypedChoiceField(
        label=_("Op welke dag van de maand schrijven wij af?"),
        choices=DAYS,
        coerce=int,
        required=False,
        empty_value=None,
    )
    code = signing_code_field()
    name = typed_name_field(_("Typ uw naam. Dat is uw handtekening onder de machtiging."))


HOUSEHOLD = forms.IntegerField(
    label=_("Met hoeveel personen woont u? Tel uzelf mee."),
    min_value=1,
    max_value=20,
    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
)


RING_HOMES = (2, 3)  # the optional further homes of a ring swap: at most four tenants in all


class SwapStartForm(forms.Form):
    """The other home (postcode, house number, its tenant's last name); for a ring swap up to two more, each
    all three filled or all empty (`homes()` gives them in moving order)."""

    postcode = forms.CharField(
        label=_("Postcode van de andere woning"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    house_number = forms.CharField(label=_("Huisnummer van de andere woning"), max_length=10)
    last_name = forms.CharField(
        label=_("Achternaam van de huurder van de andere woning"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    household = HOUSEHOLD

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for n in RING_HOMES:
            self.fields[f"postcode_{n}"] = forms.CharField(
                label=_("Postcode van woning %(n)s") % {"n": n},
                max_length=10,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.fields[f"house_number_{n}"] = forms.CharField(
                label=_("Huisnummer van woning %(n)s") % {"n": n}, max_length=10, required=False
            )
            self.fields[f"last_name_{n}"] = forms.CharField(
                label=_("Achternaam van de huurder van woning %(n)s") % {"n": n},
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def first_fields(self) -> list:
        return [self[name] for name in ("postcode", "house_number", "last_name", "household")]

    def ring_fields(self) -> list[tuple[int, list]]:
        return [
            (n, [self[f"{part}_{n}"] for part in ("postcode", "house_number", "last_name")])
            for n in RING_HOMES
        ]

    def clean(self) -> dict:
        data = super().clean() or {}
        for n in RING_HOMES:
            parts = [f"postcode_{n}", f"house_number_{n}", f"last_name_{n}"]
            filled = [bool((data.get(part) or "").strip()) for part in parts]
            if any(filled) and not all(filled):
                self.add_error(
                    f"postcode_{n}",
                    _(
                        "Vul van woning %(n)s de postcode, het huisnummer en de achternaam in, of laat ze alle drie leeg."
                    )
                    % {"n": n},
                )
        return data

    def homes(self) -> list[tuple[str, str, str]]:
        """(postcode, house number, last name) of each home named, in moving order."""
        data = self.cleaned_data
        found = [(data["postcode"], data["house_number"], data["last_name"])]
        for n in RING_HOMES:
            if (data.get(f"postcode_{n}") or "").strip():
                found.append((data[f"postcode_{n}"], data[f"house_number_{n}"], data[f"last_name_{n}"]))
        return found


class SwapConfirmForm(forms.Form):
    household = HOUSEHOLD
    agree = forms.BooleanField(label=_("Ik wil ruilen en bevestig deze aanvraag."))


class SubscriptionForm(forms.Form):
    plan = forms.ChoiceField(label=_("Wat wilt u?"), widget=forms.RadioSelect)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = choices  # type: ignore[attr-defined]


class CoTenantForm(forms.Form):
    """A tenaamstelling: the reason, who joins (name, birth date) or who leaves, and one upload per kind of
    document (which ones a reason needs is said beside each and checked by the service)."""

    reason = forms.ChoiceField(label=_("Waarom wilt u het huurcontract aanpassen?"), widget=forms.RadioSelect)
    person_name = forms.CharField(
        label=_("Naam van de nieuwe medehuurder (bij een medehuurder erbij)"), max_length=200, required=False
    )
    birth_date = forms.DateField(
        label=_("Geboortedatum van de nieuwe medehuurder (bij een medehuurder erbij)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    email = forms.CharField(
        label=_("E-mailadres van de nieuwe medehuurder (bij een medehuurder erbij)"),
        help_text=_("Wij sturen de nieuwe medehuurder een link om het huurcontract te tekenen."),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone_mobile = forms.CharField(
        label=_("Mobiel nummer van de nieuwe medehuurder (mag leeg blijven)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    leaving = forms.ChoiceField(
        label=_("Wie gaat van het huurcontract af? (bij een medehuurder eraf)"), required=False
    )

    def __init__(
        self,
        *args,
        reasons: list[tuple[str, str]],
        tenants: list[tuple[str, str]],
        documents: list[tuple[str, str]],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = reasons  # type: ignore[attr-defined]
        self.fields["leaving"].choices = [("", _("Kies")), *tenants]  # type: ignore[attr-defined]
        for code, label in documents:
            self.fields[f"document_{code}"] = forms.FileField(label=label, required=False)
