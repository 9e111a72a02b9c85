"""The portal's report form, built from the case type's declared fields (and the repair guide): plain Dutch,
mobile first, photos straight from the phone's camera. The service checks everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.cases.models import CaseType
from vangnet.core.language import shown


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotoField, self).clean(item, initial) for item in items]


def guide_choices(guide: list[dict]) -> list:
    """The guide as grouped choices: location → "element: problem"; the value is the guide's path."""
    groups: list = [("", _("Kies wat er kapot is"))]
    for location in guide:
        options = [
            (
                f"{location['code']}/{element['code']}/{problem['code']}",
                f"{shown(element['label'])}: {shown(problem['label'])}",
            )
            for element in location.get("elements", [])
            for problem in element.get("problems", [])
        ]
        groups.append((shown(location["label"]), options))
    return groups


class ReportForm(forms.Form):
    def __init__(self, *args, case_type: CaseType, **kwargs):
        super().__init__(*args, **kwargs)
        guide = case_type.settings.get("guide")
        if guide:
            self.fields["guide"] = forms.ChoiceField(
                label=_("Waar zit het probleem?"), choices=guide_choices(guide)
            )
            self.fields["subscription"] = forms.BooleanField(
                label=_("Ik heb het serviceabonnement voor kleine reparaties"), required=False
            )
        for spec in case_type.fields:
            self.fields[f"answer_{spec['code']}"] = self._field(spec)
        self.fields["photos"] = PhotoField(
            label=_("Foto's (mag leeg blijven)"),
            help_text=_("Maak een foto met uw telefoon, of kies er een. JPG of PNG, hoogstens 10 MB."),
            required=False,
            widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
        )
        self.answer_codes = [spec["code"] for spec in case_type.fields]

    @staticmethod
    def _field(spec: dict) -> forms.Field:
        required = bool(spec.get("required"))
        label = shown(spec["label"])
        if spec["kind"] == "choice":
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=[("", "")] + [(code, shown(text)) for code, text in spec.get("choices", [])],
            )
        if spec["kind"] == "long_text":
            return forms.CharField(
                label=label, required=required, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
            )
        if spec["kind"] == "date":
            return forms.DateField(
                label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
            )
        if spec["kind"] == "phone":
            return forms.CharField(
                label=label,
                required=required,
                max_length=20,
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            )
        return forms.CharField(label=label, required=required, max_length=200)

    def answers(self) -> dict:
        return {
            code: ""
            if self.cleaned_data.get(f"answer_{code}") is None
            else str(self.cleaned_data[f"answer_{code}"])
            for code in self.answer_codes
        }


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Hoe tevreden bent u over de reparatie?"),
        coerce=int,
        choices=[(5, _("5 - Heel tevreden")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 - Niet tevreden"))],
        widget=forms.RadioSelect,
    )
