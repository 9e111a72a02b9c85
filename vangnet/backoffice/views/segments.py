"""Segments in the back office: the editor and the order, both saved as proposals that a second colleague
(a manager, not the author) approves or rejects on the proposal's page, which shows the change in words and
how many contracts would change segment today."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.forms.flows import ConditionFormSet, SegmentForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.flows.models import Flow, Segment, SegmentProposal, VersionStatus
from vangnet.flows.segment_approvals import (
    is_author,
    segment_change_approve,
    segment_change_propose,
    segment_change_reject,
    segment_order_propose,
)
from vangnet.flows.segment_moves import proposal_changes, segment_moves

PROPOSED_MESSAGE = gettext_lazy(
    "Uw wijziging is opgeslagen als voorstel. Ze geldt pas als een collega met goedkeuringsrecht haar "
    "goedkeurt."
)


def _segment(request: HtmxHttpRequest, pk: int) -> Segment:
    try:
        return Segment.objects.get(pk=pk, corporation=request.corporation)
    except Segment.DoesNotExist:
        raise Http404 from None


def _initial(segment: Segment | None) -> tuple[dict, list[dict]]:
    if segment is None:
        return {"match": "all", "active": True}, []
    initial = {
        "name": segment.name,
        "description": segment.description,
        "match": segment.match,
        "flow": segment.flow_id,
        "active": segment.active,
    }
    conditions = [
        {"field": c.get("field", ""), "op": c.get("op", ""), "value": c.get("value", "")}
        for c in segment.conditions
    ]
    return initial, conditions


@staff_view(Permission.MANAGE_FLOWS)
def segment_edit(request: HtmxHttpRequest, pk: int | None = None) -> HttpResponse:
    """One segment's rule: field, condition and value rows with all/any, checked, then proposed."""
    segment = _segment(request, pk) if pk is not None else None
    flows = Flow.objects.filter(corporation=request.corporation)
    initial, conditions_initial = _initial(segment)
    errors: list[str] = []
    if request.method == "POST":
        form = SegmentForm(request.POST, flows=flows)
        formset = ConditionFormSet(request.POST, initial=conditions_initial, prefix="voorwaarde")
        if form.is_valid() and formset.is_valid():
            conditions = [
                {
                    "field": f.cleaned_data["field"],
                    "op": f.cleaned_data["op"],
                    "value": f.cleaned_data["value"],
                }
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                proposal = segment_change_propose(
                    corporation=request.corporation,  # type: ignore[arg-type]
                    segment=segment,
                    conditions=conditions,
                    actor=request.user,  # type: ignore[arg-type]
                    **form.cleaned_data,
                )
            except ApplicationError as error:
                errors = [error.message]
            else:
                messages.success(request, PROPOSED_MESSAGE)
                return redirect("backoffice:segment_proposal", pk=proposal.pk)
        else:
            errors = [_("Het segment is niet opgeslagen."), _("Controleer de gemarkeerde velden.")]
    else:
        form = SegmentForm(initial=initial, flows=flows)
        formset = ConditionFormSet(initial=conditions_initial, prefix="voorwaarde")
    waiting = segment.proposals.filter(status=VersionStatus.PROPOSED).first() if segment is not None else None
    context = {"segment": segment, "form": form, "formset": formset, "errors": errors, "waiting": waiting}
    return render(request, "backoffice/flows/segment_edit.html", context, status=400 if errors else 200)


@require_POST
@staff_view(Permission.MANAGE_FLOWS)
def segment_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Proposes moving a segment one place up or down; the first matching segment wins, so order matters."""
    segment = _segment(request, pk)
    order = list(
        Segment.objects.filter(corporation=request.corporation)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    index = order.index(segment.pk)
    target = index - 1 if request.POST.get("richting") == "op" else index + 1
    if not 0 <= target < len(order):
        return redirect("backoffice:flow_list")
    order[index], order[target] = order[target], order[index]
    try:
        proposal = segment_order_propose(
            corporation=request.corporation,  # type: ignore[arg-type]
            order=order,
            note="",
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("backoffice:flow_list")
    messages.success(request, PROPOSED_MESSAGE)
    return redirect("backoffice:segment_proposal", pk=proposal.pk)


def _proposal(request: HtmxHttpRequest, pk: int) -> SegmentProposal:
    try:
        return SegmentProposal.objects.select_related("segment", "flow").get(
            pk=pk, corporation=request.corporation
        )
    except SegmentProposal.DoesNotExist:
        raise Http404 from None


@staff_view(Permission.VIEW_FLOWS)
def segment_proposal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The proposal in words and, while it waits, how many contracts it would move today."""
    proposal = _proposal(request, pk)
    waiting = proposal.status == VersionStatus.PROPOSED
    context = {
        "proposal": proposal,
        "waiting": waiting,
        "changes": proposal_changes(proposal) if waiting else [],
        "moves": segment_moves(corporation=request.corporation, proposal=proposal, as_of=clock.today())  # type: ignore[arg-type]
        if waiting
        else None,
        "own": is_author(proposal, request.user),  # type: ignore[arg-type]
        "may_approve": has_permission(request.membership, Permission.APPROVE_FLOWS),  # type: ignore[arg-type]
    }
    return render(request, "backoffice/flows/segment_proposal.html", context)


@require_POST
@staff_view(Permission.MANAGE_FLOWS)
def segment_proposal_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Approve or reject (a manager, not the author), or withdraw one's own proposal."""
    proposal = _proposal(request, pk)
    approving = request.POST.get("besluit") == "goedkeuren"
    own = is_author(proposal, request.user)  # type: ignore[arg-type]
    if not own and not has_permission(request.membership, Permission.APPROVE_FLOWS):  # type: ignore[arg-type]
        return render(request, "backoffice/access/forbidden.html", status=403)
    try:
        if approving:
            decided = segment_change_approve(proposal=proposal, actor=request.user)  # type: ignore[arg-type]
        else:
            decided = segment_change_reject(
                proposal=proposal,
                actor=request.user,  # type: ignore[arg-type]
                reason=request.POST.get("reden", ""),
            )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("backoffice:segment_proposal", pk=proposal.pk)
    if approving:
        messages.success(request, _("Het voorstel is goedgekeurd en geldt vanaf nu."))
    elif own:
        messages.success(request, _("U hebt het voorstel ingetrokken."))
    else:
        messages.success(request, _("Het voorstel is afgewezen. Er is niets veranderd."))
    return redirect("backoffice:segment_proposal", pk=decided.pk)
