"""Flows in the back office: the list, a flow's timeline (versioned) and its editor, and tonight's run."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.forms.flows import (
    CapacityForm,
    InterestRateForm,
    PreviewForm,
    StepFormSet,
    VersionNoteForm,
)
from vangnet.backoffice.timeline import layout
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.daily.preview import run_preview as preview_run
from vangnet.flows.approvals import (
    flow_version_approve,
    flow_version_propose,
    flow_version_reject,
    is_author,
    pending_proposal,
    steps_in_words,
    timeline_changes,
)
from vangnet.flows.capacity import capacity_for, capacity_update
from vangnet.flows.models import OPEN_STATUSES, Flow, FlowVersion, InterestRate, Segment, VersionStatus
from vangnet.flows.segment_approvals import pending_proposals
from vangnet.flows.segments import ConditionError, Rule
from vangnet.flows.services import enrollments_move_to_version, interest_rate_add
from vangnet.flows.timeline import STEP_FIELDS
from vangnet.messaging.selectors import template_choices


def _flow(request: HtmxHttpRequest, pk: int) -> Flow:
    try:
        return Flow.objects.select_related("current_version").get(pk=pk, corporation=request.corporation)
    except Flow.DoesNotExist:
        raise Http404 from None


@staff_view(Permission.VIEW_FLOWS)
def flow_list(request: HtmxHttpRequest) -> HttpResponse:
    flows = (
        Flow.objects.filter(corporation=request.corporation)
        .select_related("current_version")
        .annotate(
            open_count=Count("enrollments", filter=Q(enrollments__status__in=OPEN_STATUSES), distinct=True),
            proposals=Count("versions", filter=Q(versions__status=VersionStatus.PROPOSED), distinct=True),
        )
    )
    segments = []
    for segment in (
        Segment.objects.filter(corporation=request.corporation).select_related("flow").order_by("position")
    ):
        try:
            described = [
                condition.describe() for condition in Rule.parse(segment.conditions, segment.match).conditions
            ]
        except ConditionError as error:
            described = [str(error)]
        segments.append((segment, described))
    context = {
        "flows": flows,
        "segments": segments,
        "segment_proposals": pending_proposals(request.corporation),  # type: ignore[arg-type]
    }
    return render(request, "backoffice/flows/list.html", context)


def _version(flow: Flow, number: str | None) -> FlowVersion | None:
    versions = flow.versions.all()
    if number:
        return versions.filter(number=number).first()
    return flow.current_version


@staff_view(Permission.VIEW_FLOWS)
def flow_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk)
    version = _version(flow, request.GET.get("versie"))
    if version is None:
        raise Http404
    steps = steps_in_words(version)
    marks, ticks, span = layout([(s.day_offset, s.name, s.action, s.position) for s in steps])
    proposed = version.status == VersionStatus.PROPOSED
    context = {
        "flow": flow,
        "version": version,
        "proposal": pending_proposal(flow),
        "changes": timeline_changes(flow.current_version, version) if proposed else [],
        "own_proposal": proposed and is_author(version, request.user),  # type: ignore[arg-type]
        "may_approve": has_permission(request.membership, Permission.APPROVE_FLOWS),  # type: ignore[arg-type]
        "versions": flow.versions.order_by("-number"),
        "steps": steps,
        "marks": marks,
        "ticks": ticks,
        "span": span,
        "open_on_version": version.enrollments.filter(status__in=OPEN_STATUSES).count(),
        "open_elsewhere": flow.enrollments.filter(status__in=OPEN_STATUSES).exclude(version=version).count(),
    }
    return render(request, "backoffice/flows/detail.html", context)


@staff_view(Permission.MANAGE_FLOWS)
def flow_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk)
    current = flow.current_version
    initial = []
    if current is not None:
        for step in current.steps.order_by("position"):
            initial.append({field: getattr(step, field) for field in STEP_FIELDS})
    errors: list[str] = []
    templates = template_choices(corporation=flow.corporation)
    # A step of the current version may name a template the corporation has since removed: it stays allowed.
    known = {code for code, _name in templates}
    templates += sorted(
        {
            (s["template_code"], s["template_code"])
            for s in initial
            if s["template_code"] and s["template_code"] not in known
        }
    )
    if request.method == "POST":
        # Without the current timeline as `initial`: a posted step equal to the current one at the same
        # position would count as unchanged and, in an extra form, be dropped from the new version.
        formset = StepFormSet(request.POST, form_kwargs={"templates": templates})
        note_form = VersionNoteForm(request.POST)
        if formset.is_valid() and note_form.is_valid():
            steps = [
                form.cleaned_data
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            steps.sort(key=lambda step: step["day_offset"])
            try:
                version = flow_version_propose(
                    flow=flow,
                    steps=steps,
                    note=note_form.cleaned_data["note"],
                    actor=request.user,  # type: ignore[arg-type]
                    takes_over_open=note_form.cleaned_data["takes_over_open"],
                )
            except ApplicationError as error:
                errors = [error.message, *error.extra.get("errors", [])]
            else:
                messages.success(
                    request,
                    _(
                        "Versie %(number)s is opgeslagen als voorstel. Het geldt pas als een collega met "
                        "goedkeuringsrecht het goedkeurt."
                    )
                    % {"number": version.number},
                )
                return redirect(
                    f"{reverse('backoffice:flow_detail', args=[flow.pk])}?versie={version.number}"
                )
        else:
            errors = [_("Het traject is niet opgeslagen."), _("Controleer de gemarkeerde velden.")]
    else:
        formset = StepFormSet(initial=initial, form_kwargs={"templates": templates})
        note_form = VersionNoteForm(initial={"takes_over_open": flow.takes_over_open})
    context = {"flow": flow, "formset": formset, "note_form": note_form, "errors": errors}
    return render(request, "backoffice/flows/edit.html", context, status=400 if errors else 200)


@staff_view(Permission.MANAGE_FLOWS)
def flow_version_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Approve or reject a proposed timeline (a manager, not its author), or withdraw one's own."""
    try:
        version = FlowVersion.objects.select_related("flow").get(pk=pk, corporation=request.corporation)
    except FlowVersion.DoesNotExist:
        raise Http404 from None
    flow = version.flow
    back = f"{reverse('backoffice:flow_detail', args=[flow.pk])}?versie={version.number}"
    if request.method != "POST":
        return redirect(back)
    approving = request.POST.get("besluit") == "goedkeuren"
    own = is_author(version, request.user)  # type: ignore[arg-type]
    if not own and not has_permission(request.membership, Permission.APPROVE_FLOWS):  # type: ignore[arg-type]
        return render(request, "backoffice/access/forbidden.html", status=403)
    try:
        if approving:
            flow_version_approve(version=version, actor=request.user)  # type: ignore[arg-type]
        else:
            flow_version_reject(version=version, actor=request.user, reason=request.POST.get("reden", ""))  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(back)
    if approving:
        messages.success(
            request,
            _("Versie %(number)s is goedgekeurd. Nieuwe dossiers krijgen deze tijdlijn.")
            % {"number": version.number},
        )
    else:
        messages.success(
            request, _("Het voorstel (versie %(number)s) geldt niet.") % {"number": version.number}
        )
    return redirect(back)


@staff_view(Permission.MANAGE_FLOWS)
def flow_move_enrollments(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk)
    if request.method != "POST":
        return redirect("backoffice:flow_detail", pk=flow.pk)
    try:
        moved = enrollments_move_to_version(flow=flow, as_of=clock.today(), actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(count)s lopende dossiers gebruiken nu de nieuwste versie.") % {"count": moved}
        )
    return redirect("backoffice:flow_detail", pk=flow.pk)


@staff_view(Permission.PREVIEW_RUN)
def run_preview(request: HtmxHttpRequest) -> HttpResponse:
    """Tonight's run, dry: its totals, the tenants behind each, and the day's calls and visits against the
    team's capacity (which an administrator sets on the same page)."""
    tomorrow = clock.today() + timedelta(days=1)
    form = PreviewForm(request.GET or {"as_of": tomorrow.isoformat()})
    preview = None
    if form.is_valid():
        preview = preview_run(corporation=request.corporation, as_of=form.cleaned_data["as_of"])  # type: ignore[arg-type]
    capacity = capacity_for(request.corporation)  # type: ignore[arg-type]
    capacity_form = CapacityForm(
        initial={"calls_per_day": capacity.calls_per_day, "visits_per_day": capacity.visits_per_day}
    )
    return render(
        request,
        "backoffice/flows/preview.html",
        {
            "form": form,
            "preview": preview,
            "report": preview.report if preview else None,
            "capacity_form": capacity_form,
        },
    )


@staff_view(Permission.MANAGE_CAPACITY)
def run_capacity(request: HtmxHttpRequest) -> HttpResponse:
    """The administrator sets how many calls and visits the team can do a day."""
    if request.method != "POST":
        return redirect("backoffice:run_preview")
    form = CapacityForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[name].label}: {error}")
        return redirect("backoffice:run_preview")
    try:
        capacity_update(corporation=request.corporation, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("De capaciteit van het team is opgeslagen."))
    return redirect("backoffice:run_preview")


@staff_view(Permission.MANAGE_RATES)
def interest_rates(request: HtmxHttpRequest) -> HttpResponse:
    """The statutory interest table (the same for every corporation): periods and their rates."""
    form = InterestRateForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            interest_rate_add(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("De rente is toegevoegd."))
            return redirect("backoffice:interest_rates")
    rates = InterestRate.objects.order_by("-valid_from")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/flows/interest_rates.html",
        {"form": form, "rates": rates, "error": error},
        status=status,
    )
