"""Administrators: how long the corporation keeps each kind of personal data (docs/privacy.md)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core.errors import ApplicationError
from vangnet.core.models import RETENTION_DEFAULT_DAYS, RetentionPolicy
from vangnet.core.retention import MAX_DAYS, corporation_periods, retention_policy_update

HELP = {
    "closed_dossiers": _(
        "Standaard 7 jaar (2557 dagen): de fiscale bewaarplicht. Daarna worden het dossier, de berichten en de brieven verwijderd."
    ),
    "contact_notes": _("Standaard 2 jaar (731 dagen)."),
    "portal_access_log": _("Standaard een half jaar (183 dagen)."),
    "access_throttle": _(
        "Standaard een half jaar (183 dagen). Een blokkade die nog loopt, blijft tot ze afloopt."
    ),
    "dispute_uploads": _("Standaard 1 jaar (365 dagen) na het afhandelen van het geschil."),
    "departed_tenants": _(
        "Standaard 7 jaar (2557 dagen) na het einde van het laatste contract, als er niets meer openstaat. Daarna worden naam, contactgegevens, geboortedatum en IBAN gewist; de boekingen blijven."
    ),
    "circumstances": _("Standaard 2 jaar (731 dagen) na het einde van de omstandigheid."),
    "campaigns": _(
        "Standaard 2 jaar (731 dagen) na het einde van de campagne: wie werd benaderd en met welke code. Enquête-antwoorden en oude contactgegevens gaan na dezelfde tijd weg; meterstanden blijven."
    ),
    "payment_requests": _(
        "Standaard 2 jaar (731 dagen) na het maken van het betaalverzoek, als het niet meer open staat. De boeking van een betaling blijft."
    ),
    "handover_exports": _(
        "Standaard 7 jaar (2557 dagen) na het maken van het bestand. De overdracht zelf blijft in het dossier."
    ),
    "service_cases": _(
        "Standaard 2 jaar (731 dagen) na het afsluiten: reparaties, klachten, overlast en andere meldingen en verzoeken, met hun tijdlijn, foto's en werkopdrachten. Afspraken in de agenda gaan na dezelfde tijd weg."
    ),
    "nuisance_reporters": _(
        "Standaard een half jaar (183 dagen) na het afsluiten van een overlastzaak: dan worden de naam, contactgegevens en het eigen verhaal van de melder gewist. De zaak zelf volgt de termijn van afgesloten zaken."
    ),
    "contract_records": _(
        "Standaard 7 jaar (2557 dagen) na het einde van het contract: de fiscale bewaarplicht. Het gaat om getekende huurcontracten, wijzigingen van de betaalwijze, goedgekeurde woningruil, opzeggingen met inspecties en eindafrekening, en woningaanpassingen. Zolang het contract loopt, blijven ze."
    ),
}


class RetentionForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in RETENTION_DEFAULT_DAYS:
            self.fields[kind] = forms.IntegerField(
                label=RetentionPolicy._meta.get_field(kind).verbose_name,  # type: ignore[union-attr]
                min_value=1,
                max_value=MAX_DAYS,
                help_text=HELP[kind],
            )


@staff_view(Permission.MANAGE_RETENTION)
def retention_policy(request: HtmxHttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = RetentionForm(request.POST)
        if form.is_valid():
            try:
                retention_policy_update(
                    corporation=request.corporation,  # type: ignore[arg-type]
                    periods=form.cleaned_data,
                    actor=request.user,  # type: ignore[arg-type]
                )
            except ApplicationError as exc:
                form.add_error(exc.extra.get("field"), exc.message)
            else:
                messages.success(
                    request, gettext("De bewaartermijnen zijn opgeslagen. Ze gelden vanaf de volgende nacht.")
                )
                return redirect("backoffice:retention_policy")
        status = 400
    else:
        form = RetentionForm(initial=corporation_periods(request.corporation))  # type: ignore[arg-type]
    return render(request, "backoffice/admin/retention.html", {"form": form}, status=status)
