"""A contract's dossier from the tenant card: move it to another flow, or propose a hand-over."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.backoffice.views.card_actions import back_to_card, contract_or_404
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.flows.models import OPEN_STATUSES, Enrollment, Flow
from vangnet.flows.moves import enrollment_move_to_flow
from vangnet.handovers.proposals import proposal_create
from vangnet.ledger.selectors import contract_main_tenant
from vangnet.tasks.models import TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import task_create


@require_POST
@staff_view(Permission.MANAGE_DOSSIERS)
def enrollment_move(request: HtmxHttpRequest, contract_pk: int) -> HttpResponse:
    contract = contract_or_404(request, contract_pk)
    enrollment = (
        Enrollment.objects.filter(contract=contract, status__in=OPEN_STATUSES).select_related("flow").first()
    )
    flow_pk = request.POST.get("traject", "")
    flow = Flow.objects.filter(pk=int(flow_pk)).first() if flow_pk.isdigit() else None
    if enrollment is None or flow is None:
        messages.error(request, _("Kies een traject; dit contract moet een lopend dossier hebben."))
        return back_to_card(contract)
    try:
        enrollment_move_to_flow(
            enrollment=enrollment,
            flow=flow,
            reason=request.POST.get("reden", ""),
            actor=request.user,  # type: ignore[arg-type]
            as_of=clock.today(),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Dossier verplaatst naar %(flow)s; de volgende run begint bij de eerste stap.")
            % {"flow": flow.name},
        )
    return back_to_card(contract)


@require_POST
@staff_view(Permission.MANAGE_DOSSIERS)
def handover_propose(request: HtmxHttpRequest, contract_pk: int) -> HttpResponse:
    """A proposal on the manager's approval list (Overdrachten), and a task so it is seen today."""
    contract = contract_or_404(request, contract_pk)
    reason = request.POST.get("reden", "").strip()
    try:
        with transaction.atomic():
            handover = proposal_create(
                contract=contract,
                reason=reason,
                as_of=clock.today(),
                actor=request.user,  # type: ignore[arg-type]
            )
            task_create(
                corporation=request.corporation,
                kind=TaskKind.HANDOVER,
                title=_("Overdracht voorgesteld: %(contract)s") % {"contract": contract.source_id},
                description=reason[:2000],
                due_on=clock.today(),
                source=TaskSource.STAFF,
                source_key=f"handover-proposal:{contract.pk}:{clock.today().isoformat()}",
                contract=contract,
                tenant=contract_main_tenant(contract=contract),
                priority=TaskPriority.HIGH,
                team=_("Management"),
                actor=request.user,  # type: ignore[arg-type]
            )
    except ApplicationError as error:
        messages.error(request, error.message)
        return back_to_card(contract)
    messages.success(
        request,
        _("Overdracht voorgesteld (%(number)s). Een manager beoordeelt het voorstel onder Overdrachten.")
        % {"number": handover.number},
    )
    return back_to_card(contract)
