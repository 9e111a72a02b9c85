"""Vroegsignalering in the back office: the month's batch (prepare, check, release), the files and the
municipalities' answers, the municipalities' agreements, and the tenant card's objection and contact note."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.forms.early_signals import (
    AnswerForm,
    AnswersFileForm,
    ContactAttemptForm,
    MunicipalityForm,
    ObjectionForm,
    PolicyForm,
)
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.backoffice.views.card_actions import form_errors
from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.earlysignal import formats
from vangnet.earlysignal.models import (
    BatchStatus,
    Municipality,
    Objection,
    ObjectionSource,
    Signal,
    SignalBatch,
    SignalFile,
)
from vangnet.earlysignal.rules import REASONS
from vangnet.earlysignal.selectors import municipality_overview, policy_for
from vangnet.earlysignal.services import (
    answer_register,
    answers_import,
    batch_prepare,
    batch_release,
    contact_attempt_register,
    municipality_save,
    objection_register,
    objection_withdraw,
    policy_save,
)
from vangnet.messaging.selectors import template_names
from vangnet.tenants.models import Tenant


def _batch_or_404(request: HtmxHttpRequest, pk: int) -> SignalBatch:
    batch = SignalBatch.objects.filter(pk=pk, corporation=request.corporation).first()
    if batch is None:
        raise Http404
    return batch


def _left_out(batch: SignalBatch) -> list[dict]:
    return [
        {**row, "reason_labels": [REASONS.get(key, key) for key in row["reasons"]]} for row in batch.left_out
    ]


@staff_view(Permission.VIEW_SIGNALS)
def signal_overview(request: HtmxHttpRequest) -> HttpResponse:
    draft = SignalBatch.objects.filter(corporation=request.corporation, status=BatchStatus.DRAFT).first()
    released = SignalBatch.objects.filter(corporation=request.corporation, status=BatchStatus.RELEASED)[:12]
    context = {
        "draft": draft,
        "signals": list(draft.signals.select_related("municipality", "tenant")) if draft else [],
        "left_out": _left_out(draft) if draft else [],
        "released": released,
        "today": clock.today(),
    }
    return render(request, "backoffice/early_signals/overview.html", context)


@staff_view(Permission.RELEASE_SIGNALS)
@require_POST
def signal_prepare(request: HtmxHttpRequest) -> HttpResponse:
    result = batch_prepare(corporation=request.corporation, as_of=clock.today(), actor=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("De batch is klaargezet: %(signals)s te melden, %(left)s niet.")
        % {"signals": result.signalled, "left": len(result.left_out)},
    )
    return redirect("backoffice:early_signals")


@staff_view(Permission.RELEASE_SIGNALS)
@require_POST
def signal_release(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    try:
        batch = batch_release(batch=batch, as_of=clock.today(), actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("backoffice:early_signals")
    messages.success(request, _("De signalen zijn verstuurd. Hieronder ziet u per gemeente hoe."))
    return redirect("backoffice:early_signal_batch", pk=batch.pk)


@staff_view(Permission.VIEW_SIGNALS)
def signal_batch(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    if batch.status == BatchStatus.DRAFT:
        return redirect("backoffice:early_signals")
    context = {
        "batch": batch,
        "files": list(batch.files.select_related("municipality")),
        "signals": list(batch.signals.select_related("municipality", "tenant")),
        "left_out": _left_out(batch),
        "answer_form": AnswerForm(initial={"answered_on": clock.today()}),
        "file_form": AnswersFileForm(),
    }
    return render(request, "backoffice/early_signals/batch.html", context)


@staff_view(Permission.VIEW_SIGNALS)
def signal_file(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    file = SignalFile.objects.filter(pk=pk, corporation=request.corporation).first()
    if file is None:
        raise Http404
    staff: User = request.user  # type: ignore[assignment]
    log_action(corporation=request.corporation, actor=staff, action="earlysignal.file_downloaded", obj=file)
    response = HttpResponse(file.content, content_type=formats.get(file.file_format).content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@staff_view(Permission.RELEASE_SIGNALS)
@require_POST
def signal_answer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    signal = (
        Signal.objects.select_related("batch", "contract", "municipality")
        .filter(pk=pk, corporation=request.corporation)
        .first()
    )
    if signal is None:
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("De reactie is niet opgeslagen: %(errors)s") % {"errors": form_errors(form)}
        )
    else:
        try:
            answer_register(signal=signal, as_of=clock.today(), actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("De reactie van de gemeente is opgeslagen."))
    return redirect("backoffice:early_signal_batch", pk=signal.batch_id)


@staff_view(Permission.RELEASE_SIGNALS)
@require_POST
def signal_answers_import(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    form = AnswersFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Kies een bestand met reacties."))
        return redirect("backoffice:early_signal_batch", pk=batch.pk)
    result = answers_import(
        corporation=request.corporation,
        content=form.cleaned_data["file"].read(),
        as_of=clock.today(),
        actor=request.user,  # type: ignore[arg-type]
    )
    if result.errors:
        messages.error(
            request,
            _("Het bestand is geweigerd; er is niets veranderd.") + " " + " ".join(result.errors[:20]),
        )
    else:
        messages.success(request, _("%(rows)s reacties verwerkt.") % {"rows": result.rows})
    return redirect("backoffice:early_signal_batch", pk=batch.pk)


@staff_view(Permission.VIEW_SIGNALS)
def municipality_list(request: HtmxHttpRequest) -> HttpResponse:
    policy = policy_for(request.corporation)
    context = {
        "rows": municipality_overview(corporation=request.corporation),
        "policy_form": PolicyForm(
            initial={
                "min_days": policy.min_days,
                "min_amount": policy.min_amount,
                "objection_days": policy.objection_days,
                "resignal_monthly": policy.resignal_monthly,
            }
        ),
        "policy": policy,
        # The messages the policy names, by their names rather than their codes.
        "debt_help": template_names(corporation=request.corporation, codes=policy.debt_help_templates),
        "offers": template_names(corporation=request.corporation, codes=policy.offer_templates),
        "reminders": template_names(corporation=request.corporation, codes=policy.reminder_templates),
    }
    return render(request, "backoffice/early_signals/municipalities.html", context)


@staff_view(Permission.MANAGE_MUNICIPALITIES)
def municipality_edit(request: HtmxHttpRequest) -> HttpResponse:
    name = request.GET.get("naam", "") or request.POST.get("name", "")
    existing = (
        Municipality.objects.filter(corporation=request.corporation, name__iexact=name).first()
        if name
        else None
    )
    if request.method == "POST":
        form = MunicipalityForm(request.POST)
        if form.is_valid():
            try:
                municipality_save(corporation=request.corporation, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("De afspraak met de gemeente is opgeslagen."))
                return redirect("backoffice:municipalities")
    elif existing is not None:
        form = MunicipalityForm(
            initial={
                "name": existing.name,
                "agreed": existing.agreed,
                "agreed_on": existing.agreed_on,
                "delivery_kind": existing.delivery,
                "file_format": existing.file_format,
                "contact_name": existing.contact_name,
                "contact_email": existing.contact_email,
                "contact_phone": existing.contact_phone,
                "endpoint_url": existing.endpoint_url,
                "endpoint_token": existing.endpoint_token,
            }
        )
    else:
        form = MunicipalityForm(initial={"name": name})
    return render(
        request, "backoffice/early_signals/municipality_edit.html", {"form": form, "existing": existing}
    )


@staff_view(Permission.MANAGE_MUNICIPALITIES)
@require_POST
def policy_edit(request: HtmxHttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("De instellingen zijn niet opgeslagen: %(errors)s") % {"errors": form_errors(form)}
        )
    else:
        try:
            policy_save(corporation=request.corporation, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("De instellingen voor vroegsignalering zijn opgeslagen."))
    return redirect("backoffice:municipalities")


def _tenant_or_404(request: HtmxHttpRequest, pk: int) -> Tenant:
    tenant = Tenant.objects.filter(pk=pk, corporation=request.corporation).first()
    if tenant is None:
        raise Http404
    return tenant


@staff_view(Permission.REGISTER_OBJECTIONS)
@require_POST
def objection_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tenant = _tenant_or_404(request, pk)
    form = ObjectionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    staff: User = request.user  # type: ignore[assignment]
    objection_register(
        tenant=tenant, source=ObjectionSource.STAFF, note=note, as_of=clock.today(), actor=staff
    )
    messages.success(
        request, _("Bezwaar vastgelegd: de gegevens van deze huurder gaan niet naar de gemeente.")
    )
    return redirect("backoffice:tenant_card", pk=tenant.pk)


@staff_view(Permission.REGISTER_OBJECTIONS)
@require_POST
def objection_lift(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    objection = Objection.objects.filter(pk=pk, corporation=request.corporation).first()
    if objection is None:
        raise Http404
    try:
        objection_withdraw(objection=objection, as_of=clock.today(), actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Het bezwaar is ingetrokken."))
    return redirect("backoffice:tenant_card", pk=objection.tenant_id)


@staff_view(Permission.WRITE_NOTES)
@require_POST
def contact_attempt_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tenant = _tenant_or_404(request, pk)
    form = ContactAttemptForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Het contact is niet vastgelegd: %(errors)s") % {"errors": form_errors(form)}
        )
    else:
        try:
            staff: User = request.user  # type: ignore[assignment]
            contact_attempt_register(tenant=tenant, as_of=clock.today(), actor=staff, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("De poging tot persoonlijk contact is vastgelegd."))
    return redirect("backoffice:tenant_card", pk=tenant.pk)
