"""The contractor's forms on their personal link: one to three moments, and the report that the work is done.
The service checks everything again (a moment in the past, the hours, the photos)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.portal.forms.cases import MultiplePhotoInput, PhotoField

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _moment(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Vul een datum en tijd in, bijvoorbeeld 14-12-2026 09:00.")},
    )


class SlotsForm(forms.Form):
    slot_1 = _moment(_("Moment 1"))
    slot_2 = _moment(_("Moment 2 (mag leeg blijven)"))
    slot_3 = _moment(_("Moment 3 (mag leeg blijven)"))

    def moments(self) -> list:
        return [self.cleaned_data.get(f"slot_{n}") for n in (1, 2, 3)]


class DoneForm(forms.Form):
    notes = forms.CharField(
        label=_("Wat heeft u gedaan?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    hours = forms.CharField(
        label=_("Hoeveel uur heeft u gewerkt?"),
        help_text=_("Bijvoorbeeld 1,5"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    photos = PhotoField(
        label=_("Foto's van het werk (mag leeg blijven)"),
        help_text=_("JPG of PNG, hoogstens 10 MB."),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
    )


class SlotChoiceForm(forms.Form):
    """The tenant's choice among the contractor's moments (values are the moments' ISO texts)."""

    slot = forms.ChoiceField(label=_("Welk moment past u?"), widget=forms.RadioSelect)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = choices  # type: ignore[attr-defined]
