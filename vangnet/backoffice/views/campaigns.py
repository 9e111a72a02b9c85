"""Campaigns on the staff side: the list, setting one up, its results, the paper reply slips and the export."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.charts import chart_spec
from vangnet.backoffice.forms.campaigns import CampaignForm, PaperSlipForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.campaigns.exports import FORMATS, export_bytes
from vangnet.campaigns.models import Campaign, CampaignKind, CampaignStatus
from vangnet.campaigns.selectors import (
    answers_per_day,
    audience_options,
    campaign_results,
    campaigns_with_counts,
    implausible_readings,
    meter_export_rows,
    non_responders,
    recent_paper_slips,
)
from vangnet.campaigns.services import (
    audience_pairs,
    campaign_create,
    campaign_send,
    campaign_start,
    paper_slip_enter,
)
from vangnet.core import clock
from vangnet.core.errors import ApplicationError

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _campaign(request: HtmxHttpRequest, pk: int) -> Campaign:
    campaign = Campaign.objects.filter(corporation=request.corporation, pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


@staff_view(Permission.VIEW_CAMPAIGNS)
def campaign_list(request: HtmxHttpRequest) -> HttpResponse:
    campaigns = campaigns_with_counts(corporation=request.corporation)
    return render(request, "backoffice/campaigns/list.html", {"campaigns": campaigns})


@staff_view(Permission.MANAGE_CAMPAIGNS)
def campaign_new(request: HtmxHttpRequest) -> HttpResponse:
    complexes, neighbourhoods = audience_options(corporation=request.corporation)
    form = CampaignForm(request.POST or None, complexes=complexes, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_create(
                corporation=request.corporation,
                name=data["name"],
                kind=data["kind"],
                channels=form.channels(),
                starts_on=data["starts_on"],
                deadline=data["deadline"],
                reminder_after_days=data["reminder_after_days"],
                complexes=data["complexes"],
                neighbourhoods=data["neighbourhoods"],
                only_missing_contact=data["only_missing_contact"],
                as_of=clock.today(),
                actor=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as exc:
            for name, message in (exc.extra.get("fields") or {}).items():
                form.add_error(
                    name if name in form.fields else ("channel_1" if name == "channels" else None), message
                )
        else:
            messages.success(request, _("Campagne opgeslagen. Controleer de doelgroep en start hem."))
            return redirect("backoffice:campaign_detail", pk=campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/campaigns/new.html", {"form": form}, status=status)


@staff_view(Permission.VIEW_CAMPAIGNS)
def campaign_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    counts = campaigns_with_counts(corporation=request.corporation).get(pk=campaign.pk)
    per_day = answers_per_day(campaign=campaign)
    context = {
        "campaign": campaign,
        "counts": counts,
        "results": campaign_results(campaign=campaign),
        "chart": chart_spec(
            title=_("Antwoorden per dag"),
            labels=[day.strftime("%d-%m-%Y") for day, _n in per_day],
            series=[(_("Antwoorden"), [n for _day, n in per_day])],
            kind="count",
            filename=f"campagne-{campaign.pk}-antwoorden",
        )
        if per_day
        else None,
        "non_responders": non_responders(campaign=campaign)[:200],
        "implausible": implausible_readings(campaign=campaign) if campaign.kind == CampaignKind.METER else [],
        "audience": len(audience_pairs(campaign, as_of=clock.today()))
        if campaign.status == CampaignStatus.DRAFT
        else None,
    }
    return render(request, "backoffice/campaigns/detail.html", context)


@require_POST
@staff_view(Permission.MANAGE_CAMPAIGNS)
def campaign_start_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    today = clock.today()
    try:
        campaign_start(campaign=campaign, actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:campaign_detail", pk=pk)
    if campaign.starts_on <= today:
        sent = campaign_send(campaign=campaign, as_of=today, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Campagne gestart: %(n)s berichten gaan nu de deur uit.") % {"n": sent})
    else:
        messages.success(
            request,
            _("Campagne gestart: de berichten gaan op %(day)s weg.")
            % {"day": f"{campaign.starts_on:%d-%m-%Y}"},
        )
    return redirect("backoffice:campaign_detail", pk=pk)


@staff_view(Permission.ENTER_SLIPS)
def campaign_slips(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One fast screen for paper reply slips: code, meter number, reading, Enter; the focus returns to code."""
    campaign = _campaign(request, pk)
    if campaign.kind != CampaignKind.METER or campaign.status != CampaignStatus.RUNNING:
        raise Http404
    form = PaperSlipForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reading = paper_slip_enter(
                campaign=campaign,
                code=data["code"],
                meter_number=data["meter_number"],
                value=data["value"],
                as_of=clock.today(),
                actor=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as exc:
            for name, message in (exc.extra.get("fields") or {}).items():
                form.add_error(name if name in form.fields else None, message)
            status = 400
        else:
            if reading.problem:
                messages.warning(
                    request,
                    _("Opgeslagen, maar een collega kijkt ernaar: %(why)s") % {"why": reading.problem},
                )
            else:
                messages.success(
                    request, _("Opgeslagen: %(address)s.") % {"address": reading.meter.unit.address_line}
                )
            return redirect("backoffice:campaign_slips", pk=pk)
    elif request.method == "POST":
        status = 400
    context = {"campaign": campaign, "form": form, "recent": recent_paper_slips(campaign=campaign)}
    return render(request, "backoffice/campaigns/slips.html", context, status=status)


@staff_view(Permission.VIEW_CAMPAIGNS)
def campaign_export(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    fmt = request.GET.get("formaat", "csv")
    if campaign.kind != CampaignKind.METER or fmt not in FORMATS:
        raise Http404
    response = HttpResponse(
        export_bytes(meter_export_rows(campaign=campaign), fmt), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="meterstanden-{campaign.pk}.{fmt}"'
    return response
