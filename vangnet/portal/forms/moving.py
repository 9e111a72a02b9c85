"""The tenant's forms for moving out and for changing their home: notice with the pre-inspection moment,
moving that moment, and a home modification request. The services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.inspections.models import NoticeReason
from vangnet.portal.forms.cases import MultiplePhotoInput, PhotoField


class NoticeForm(forms.Form):
    end_date = forms.DateField(
        label=_("Wat is de laatste dag van uw huur?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": _("Kies de laatste dag van uw huur."),
            "invalid": _("Vul een datum in, bijvoorbeeld 29-01-2027."),
        },
    )
    reason = forms.ChoiceField(
        label=_("Waarom gaat u verhuizen?"),
        choices=NoticeReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een reden.")},
    )
    address = forms.CharField(
        label=_("Uw nieuwe adres"),
        help_text=_("Daar sturen wij de eindafrekening naartoe."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        error_messages={"required": _("Vul uw nieuwe adres in.")},
    )
    slot = forms.ChoiceField(
        label=_("Wanneer mag de opzichter komen voor de voorinspectie?"),
        error_messages={"required": _("Kies een moment.")},
    )

    def __init__(self, *args, slots: list[tuple[str, str]], co_tenants: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", _("Kies een moment")), *slots]  # type: ignore[attr-defined]
        if co_tenants:
            self.fields["consent"] = forms.BooleanField(
                label=_("%(names)s is het eens met de opzegging") % {"names": co_tenants},
                required=False,
            )


class RescheduleForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("Kies een ander moment"),
        error_messages={
            "required": _("Kies een moment."),
            "invalid_choice": _("Dit moment is niet meer vrij. Kies een ander moment."),
        },
    )

    def __init__(self, *args, slots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", _("Kies een moment")), *slots]  # type: ignore[attr-defined]


class ModificationForm(forms.Form):
    change = forms.ChoiceField(
        label=_("Wat wilt u veranderen?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat u wilt veranderen.")},
    )
    description = forms.CharField(
        label=_("Vertel wat u wilt doen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Beschrijf wat u wilt veranderen.")},
    )
    photos = PhotoField(
        label=_("Tekeningen of foto's (mag leeg blijven)"),
        help_text=_("JPG of PNG, hoogstens 10 MB. Een foto van een tekening mag ook."),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args, changes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].choices = changes  # type: ignore[attr-defined]
