"""The agencies (incassopartners) with their WKI checks, their feedback files, and their results."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.forms.handovers import AgencyForm, FeedbackForm, WkiCheckForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.backoffice.views.card_actions import form_errors
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.handovers.feedback import FeedbackRejected, rows_from_csv
from vangnet.handovers.models import Agency, FeedbackImport, WkiCheck
from vangnet.handovers.selectors import agency_refusal, agency_success
from vangnet.handovers.services import (
    agency_api_key_create,
    agency_feedback_import,
    agency_save,
    wki_check_record,
)

MAX_FEEDBACK_BYTES = 10 * 1024 * 1024


def _agency_or_404(request: HtmxHttpRequest, pk: int) -> Agency:
    agency = Agency.objects.filter(corporation=request.corporation, pk=pk).first()
    if agency is None:
        raise Http404
    return agency


@staff_view(Permission.VIEW_HANDOVERS)
def agency_list(request: HtmxHttpRequest) -> HttpResponse:
    as_of = clock.today()
    agencies = list(
        Agency.objects.filter(corporation=request.corporation).select_related("api_key").order_by("name")
    )
    latest: dict[int, WkiCheck] = {}
    for check in WkiCheck.objects.filter(agency__in=agencies).order_by("checked_on", "pk"):
        latest[check.agency_id] = check
    context = {
        "rows": [(a, latest.get(a.pk), agency_refusal(a, as_of=as_of)) for a in agencies],
        "form": AgencyForm(),
        "wki_form": WkiCheckForm(initial={"checked_on": as_of}),
        "can_manage": has_permission(request.membership, Permission.MANAGE_AGENCIES),  # type: ignore[attr-defined]
    }
    return render(request, "backoffice/handovers/agencies.html", context)


@require_POST
@staff_view(Permission.MANAGE_AGENCIES)
def agency_add(request: HtmxHttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("backoffice:agency_list")
    data = dict(form.cleaned_data)
    try:
        agency = agency_save(
            corporation=request.corporation,
            name=data.pop("name"),
            kind=data.pop("kind"),
            export_format=data.pop("export_format"),
            columns=data.pop("columns"),
            vat_uplift=data.pop("vat_uplift"),
            actor=request.user,  # type: ignore[arg-type]
            **data,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Partner %(name)s toegevoegd.") % {"name": agency.name})
    return redirect("backoffice:agency_list")


@require_POST
@staff_view(Permission.MANAGE_AGENCIES)
def agency_wki_check(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    agency = _agency_or_404(request, pk)
    form = WkiCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("backoffice:agency_list")
    try:
        wki_check_record(
            agency=agency,
            checked_on=form.cleaned_data["checked_on"],
            registered=form.cleaned_data["registered"],
            register_number=form.cleaned_data["register_number"],
            note=form.cleaned_data["note"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Wki-controle van %(name)s vastgelegd.") % {"name": agency.name})
    return redirect("backoffice:agency_list")


@staff_view(Permission.VIEW_HANDOVERS)
def feedback_list(request: HtmxHttpRequest) -> HttpResponse:
    agencies = list(Agency.objects.filter(corporation=request.corporation, active=True).order_by("name"))
    imports = FeedbackImport.objects.filter(corporation=request.corporation).select_related("agency")[:50]
    context = {
        "form": FeedbackForm(agencies=agencies),
        "imports": imports,
        "can_work": has_permission(request.membership, Permission.WORK_HANDOVERS),  # type: ignore[attr-defined]
    }
    return render(request, "backoffice/handovers/feedback.html", context)


@require_POST
@staff_view(Permission.WORK_HANDOVERS)
def feedback_upload(request: HtmxHttpRequest) -> HttpResponse:
    agencies = list(Agency.objects.filter(corporation=request.corporation, active=True))
    form = FeedbackForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        messages.error(request, _("Kies de partner en het bestand."))
        return redirect("backoffice:handover_feedback")
    upload = form.cleaned_data["file"]
    if upload.size > MAX_FEEDBACK_BYTES:
        messages.error(request, _("Het bestand is groter dan 10 MB."))
        return redirect("backoffice:handover_feedback")
    agency = next(a for a in agencies if a.slug == form.cleaned_data["agency"])
    content = upload.read()
    rows, rejected = None, None
    try:
        rows = rows_from_csv(content)
    except FeedbackRejected as refused:
        rejected = refused
    result = agency_feedback_import(
        agency=agency,
        rows=rows,
        file_name=upload.name,
        content=content,
        as_of=clock.today(),
        actor=request.user,  # type: ignore[arg-type]
        rejected=rejected,
    )
    if result.errors:
        messages.error(
            request,
            ngettext(
                "Het bestand is afgewezen: er is niets verwerkt. Bekijk de fout hieronder.",
                "Het bestand is afgewezen: er is niets verwerkt. Bekijk de %(count)s fouten hieronder.",
                len(result.errors),
            )
            % {"count": len(result.errors)},
        )
    else:
        messages.success(
            request,
            " ".join(
                (
                    ngettext("%(count)s regel verwerkt:", "%(count)s regels verwerkt:", result.rows)
                    % {"count": result.rows},
                    ngettext(
                        "%(count)s betaling geboekt,", "%(count)s betalingen geboekt,", result.payments_booked
                    )
                    % {"count": result.payments_booked},
                    ngettext("%(count)s dossier afgesloten.", "%(count)s dossiers afgesloten.", result.closed)
                    % {"count": result.closed},
                )
            ),
        )
    return redirect("backoffice:handover_feedback")


@staff_view(Permission.VIEW_HANDOVERS)
def handover_results(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/handovers/results.html",
        {"rows": agency_success(corporation=request.corporation)},
    )


@require_POST
@staff_view(Permission.MANAGE_AGENCIES)
def agency_api_key(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A key for an agency that pulls its dossiers through the API; shown once, an earlier key stops."""
    agency = _agency_or_404(request, pk)
    secret = agency_api_key_create(agency=agency, actor=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("API-sleutel voor %(name)s (wordt maar één keer getoond, geef hem veilig door): %(secret)s")
        % {"name": agency.name, "secret": secret},
    )
    return redirect("backoffice:agency_list")
