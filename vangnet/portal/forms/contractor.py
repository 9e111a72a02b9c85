"""The contractor's forms on their personal link: a free slot of their agenda, and the report that the work is
done. The service checks everything again (a slot taken in the meantime, the hours, the photos)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.portal.forms.cases import MultiplePhotoInput, PhotoField


class PickForm(forms.Form):
    """The contractor picks one free slot of their agenda (values are the slots' ISO texts)."""

    slot = forms.ChoiceField(
        label=_("Moment uit uw agenda"),
        error_messages={
            "required": _("Kies een moment uit uw agenda."),
            "invalid_choice": _("Dit moment is niet meer vrij. Kies een ander moment."),
        },
    )

    def __init__(self, *args, slots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", _("Kies een moment")), *slots]  # type: ignore[attr-defined]


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
