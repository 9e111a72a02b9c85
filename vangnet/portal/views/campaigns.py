"""The tenant's side of a campaign: what we ask them, and their answer (contact data, a meter reading, a
score). Reached by the personal link in an e-mail or SMS (`?naar=campagne`) or after logging in with the
code from a letter."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vangnet.campaigns.models import CampaignKind
from vangnet.campaigns.selectors import open_targets, tenant_target
from vangnet.campaigns.services import contact_answer_submit, meter_reading_submit, survey_answer_submit
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.portal.forms.campaigns import ContactAnswerForm, MeterAnswerForm, SurveyAnswerForm
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import field_errors, not_found, page


@require_GET
@portal_view
def campaigns(request: HttpRequest) -> HttpResponse:
    targets = open_targets(tenant=request.portal.tenant, as_of=clock.today())  # type: ignore[attr-defined]
    if len(targets) == 1:
        return redirect("portal:campaign", target_id=targets[0].pk)
    return page(request, "portal/campaigns.html", targets=targets)


@require_http_methods(["GET", "POST"])
@portal_view
def campaign(request: HttpRequest, target_id: int) -> HttpResponse:
    tenant = request.portal.tenant  # type: ignore[attr-defined]
    target = tenant_target(tenant=tenant, target_id=target_id)
    if target is None or target.campaign.kind == CampaignKind.NOTICE:
        return not_found(request)
    handler = {
        CampaignKind.CONTACT: _contact,
        CampaignKind.METER: _meter,
        CampaignKind.SURVEY: _survey,
    }[target.campaign.kind]  # type: ignore[index]
    return handler(request, target)


def _done(request: HttpRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("portal:overview")


def _contact(request: HttpRequest, target) -> HttpResponse:
    tenant = target.tenant
    initial = {
        "email": tenant.email,
        "phone_mobile": tenant.phone_mobile,
        "preferred_channel": tenant.preferred_channel,
        "language": tenant.language,
        "tone": tenant.tone,
    }
    form = ContactAnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_answer_submit(target=target, as_of=clock.today(), **form.cleaned_data)
        except ApplicationError as exc:
            field_errors(form, exc.extra)
        else:
            return _done(request, _("Dank u wel. Wij hebben uw gegevens opgeslagen."))
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/campaign_contact.html", status=status, form=form, target=target)


def _meter(request: HttpRequest, target) -> HttpResponse:
    form = MeterAnswerForm(request.POST or None, request.FILES or None)
    ask_again = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meter_reading_submit(
                target=target,
                meter_number=data["meter_number"],
                value=data["value"],
                confirmed=data["confirmed"],
                photo=data.get("photo"),
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            field_errors(form, exc.extra)
            ask_again = bool(exc.extra.get("ask_again"))
            if ask_again:
                # The next time the same value is sent, the tenant has checked it: keep it for a colleague.
                data = request.POST.copy()
                data["confirmed"] = "on"
                form.data = data
        else:
            return _done(request, _("Dank u wel. Wij hebben uw meterstand ontvangen."))
    status = 400 if request.method == "POST" else 200
    return page(
        request, "portal/campaign_meter.html", status=status, form=form, target=target, ask_again=ask_again
    )


def _survey(request: HttpRequest, target) -> HttpResponse:
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer_submit(
                target=target,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            field_errors(form, exc.extra)
        else:
            return _done(request, _("Dank u wel voor uw antwoord."))
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/campaign_survey.html", status=status, form=form, target=target)
