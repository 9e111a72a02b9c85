"""Disputes on the staff side: opened on the tenant card, worked by resolvers outside credit management."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.forms.agreements import DisputeForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.backoffice.views.arrangements import call_task_from, finish_call
from vangnet.backoffice.views.card_actions import back_to_card, contract_or_404, form_errors
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Membership, User
from vangnet.disputes.models import Dispute, DisputeAttachment, DisputeStatus
from vangnet.disputes.selectors import dispute_categories, dispute_detail, dispute_open_items
from vangnet.disputes.selectors import dispute_list as select_disputes
from vangnet.disputes.services import (
    dispute_assign,
    dispute_note_add,
    dispute_open,
    dispute_reject,
    dispute_resolve,
)
from vangnet.ledger.selectors import contract_main_tenant
from vangnet.tasks.calls import CallOutcome
from vangnet.tasks.selectors import task_teams

PAGE_SIZE = 50


@require_POST
@staff_view(Permission.OPEN_DISPUTES)
def dispute_new(request: HtmxHttpRequest, contract_pk: int) -> HttpResponse:
    contract = contract_or_404(request, contract_pk)
    items = dispute_open_items(contract=contract)
    form = DisputeForm(
        request.POST,
        request.FILES,
        categories=dispute_categories(corporation=request.corporation),
        items=[(item.entry.pk, item.entry.description) for item in items],
    )
    if not form.is_valid():
        messages.error(
            request, _("Het geschil is niet vastgelegd: %(errors)s") % {"errors": form_errors(form)}
        )
        return back_to_card(contract)
    data = form.cleaned_data
    category = dispute_categories(corporation=request.corporation).filter(pk=data["category"]).first()
    call = call_task_from(request, contract.pk)
    as_of = clock.today()
    try:
        with transaction.atomic():
            # The call first: a dispute that pauses collection holds the flow and withdraws its open calls.
            finish_call(request, call, CallOutcome.DISPUTE, str(category), as_of)
            dispute = dispute_open(
                contract=contract,
                category=category,  # type: ignore[arg-type]
                description=data["description"],
                items=data["items"],
                attachments=[data["attachment"]] if data.get("attachment") else [],
                channel="phone" if call else "staff",
                actor=request.user,  # type: ignore[arg-type]
                as_of=as_of,
            )
    except ApplicationError as error:
        messages.error(request, error.message)
        return back_to_card(contract)
    messages.success(
        request,
        _("Geschil vastgelegd; %(team)s lost het op vóór %(deadline)s.")
        % {
            "team": dispute.resolver_team or _("een collega"),
            "deadline": f"{dispute.deadline:%d-%m-%Y}",
        },
    )
    return redirect("backoffice:dispute_detail", pk=dispute.pk)


@staff_view(Permission.VIEW_DISPUTES)
def dispute_list(request: HtmxHttpRequest) -> HttpResponse:
    as_of = clock.today()
    status = request.GET.get("status", DisputeStatus.OPEN)
    status = status if status in (*DisputeStatus.values, "all") else DisputeStatus.OPEN
    category = request.GET.get("soort", "")
    team = request.GET.get("team", "")[:100]
    mine = request.GET.get("wie") == "ik"
    overdue = request.GET.get("termijn") == "te-laat"
    disputes = select_disputes(
        status=status,
        category_id=int(category) if category.isdigit() else None,
        team=team,
        resolver=request.user if mine else None,  # type: ignore[arg-type]
        overdue=overdue,
        as_of=as_of,
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": Paginator(disputes, PAGE_SIZE).get_page(request.GET.get("page")),
        "as_of": as_of,
        "status": status,
        "statuses": DisputeStatus.choices,
        "categories": dispute_categories(corporation=request.corporation, include_inactive=True),
        "category": category,
        "teams": task_teams(),
        "team": team,
        "mine": mine,
        "overdue": overdue,
        "query_string": params.urlencode(),
    }
    return render(request, "backoffice/disputes/list.html", context)


def _detail(request: HtmxHttpRequest, pk: int):
    try:
        return dispute_detail(pk=pk)
    except Dispute.DoesNotExist:
        raise Http404 from None


@staff_view(Permission.VIEW_DISPUTES)
def dispute_detail_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    detail = _detail(request, pk)
    context = {
        "detail": detail,
        "dispute": detail.dispute,
        "tenant": contract_main_tenant(contract=detail.dispute.contract),
        "as_of": clock.today(),
        "colleagues": Membership.objects.select_related("user").order_by(
            "user__first_name", "user__username"
        ),
        "teams": task_teams(),
    }
    return render(request, "backoffice/disputes/detail.html", context)


def _colleague(value: str) -> User | None:
    if not value.isdigit():
        return None
    member = Membership.objects.filter(user_id=int(value)).select_related("user").first()
    return member.user if member else None


@require_POST
@staff_view(Permission.WORK_DISPUTES)
def dispute_action(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    dispute = _detail(request, pk).dispute
    actor: User = request.user  # type: ignore[assignment]
    as_of = clock.today()
    try:
        if action == "toewijzen":
            team = request.POST.get("team", "").strip()
            dispute_assign(
                dispute=dispute,
                actor=actor,
                resolver=_colleague(request.POST.get("behandelaar", "")),
                resolver_team=team or None,
                monitor=_colleague(request.POST.get("bewaker", "")),
            )
            messages.success(request, _("Geschil toegewezen."))
        elif action == "notitie":
            dispute_note_add(dispute=dispute, text=request.POST.get("tekst", ""), actor=actor)
            messages.success(request, _("Notitie toegevoegd."))
        elif action == "oplossen":
            resume = request.POST.get("posten") != "crediteren"
            dispute_resolve(
                dispute=dispute,
                solution=request.POST.get("oplossing", ""),
                items_resume=resume,
                actor=actor,
                as_of=as_of,
            )
            messages.success(
                request,
                _("Geschil opgelost; de posten lopen weer mee in het traject.")
                if resume
                else _("Geschil opgelost; het traject wacht op de creditering door het ERP."),
            )
        elif action == "afwijzen":
            dispute_reject(
                dispute=dispute, solution=request.POST.get("oplossing", ""), actor=actor, as_of=as_of
            )
            messages.success(request, _("Geschil afgewezen; de posten lopen weer mee in het traject."))
        else:
            raise Http404
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("backoffice:dispute_detail", pk=dispute.pk)


@staff_view(Permission.VIEW_DISPUTES)
def dispute_attachment(request: HtmxHttpRequest, pk: int) -> FileResponse:
    attachment = DisputeAttachment.objects.filter(pk=pk, corporation=request.corporation).first()
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
