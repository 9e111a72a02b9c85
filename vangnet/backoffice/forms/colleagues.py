from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import Role


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"), help_text=_("Hier komt de uitnodiging; het is ook de gebruikersnaam.")
    )
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices, initial=Role.CREDIT_MANAGER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Naam van het team"), max_length=100)


class TeamMembersForm(forms.Form):
    members = forms.MultipleChoiceField(label=_("Leden"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, colleagues: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(pk), name) for pk, name in colleagues]  # type: ignore[attr-defined]
