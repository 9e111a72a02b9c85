from datetime import timedelta
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.forms.navigation import TenantSearchForm
from vangnet.backoffice.selectors import tenant_card as build_tenant_card
from vangnet.backoffice.selectors import tenant_get
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.earlysignal.models import ContactMethod
from vangnet.earlysignal.selectors import tenant_signal_status
from vangnet.tasks.models import Task, TaskKind, TaskStatus
from vangnet.tenants.circumstances import circumstances_for_card
from vangnet.tenants.models import Tenant
from vangnet.tenants.selectors import tenant_search as search_tenants

PAGE_SIZE = 25


@staff_view(Permission.SEARCH_TENANTS)
def tenant_search(request: HtmxHttpRequest) -> HttpResponse:
    form = TenantSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = None
    if query:
        page = Paginator(search_tenants(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "backoffice/tenants/search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#live"
    context = {"form": form, "query": query, "page": page, "query_string": urlencode({"q": query})}
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@staff_view(Permission.VIEW_TENANT)
def tenant_card(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    try:
        tenant = tenant_get(pk=pk)
    except Tenant.DoesNotExist:
        raise Http404 from None
    as_of = clock.today()
    card = build_tenant_card(tenant=tenant, as_of=as_of)
    log_action(corporation=request.corporation, actor=request.user, action="tenant.viewed", obj=tenant)  # type: ignore[arg-type]
    circumstances = None
    if has_permission(request.membership, Permission.VIEW_CIRCUMSTANCES):
        circumstances = circumstances_for_card(tenant=tenant, as_of=as_of)
        # Sensitive: who saw a tenant's circumstances is on the record, apart from the card view itself.
        log_action(
            corporation=request.corporation,
            actor=request.user,  # type: ignore[arg-type]
            action="tenant.circumstances_viewed",
            obj=tenant,
            tenant_id=tenant.pk,
        )
    context = {
        "circumstances": circumstances,
        "card": card,
        "tenant": tenant,
        # From the call list: the call that the arrangement or dispute form will finish.
        "call_task": _open_call(request, tenant),
        "open_form": request.GET.get("open", ""),
        "first_installment_default": as_of + relativedelta(months=1, day=1),
        "promise_default": as_of + timedelta(days=7),
        # Vroegsignalering: the four preconditions with their evidence, the objection, the signals sent.
        "signal_status": tenant_signal_status(tenant=tenant, as_of=as_of),
        "contact_methods": ContactMethod.choices,
    }
    return render(request, "backoffice/tenants/card.html", context)


def _open_call(request: HtmxHttpRequest, tenant: Tenant) -> Task | None:
    pk = request.GET.get("taak", "")
    if not pk.isdigit():
        return None
    return Task.objects.filter(pk=int(pk), tenant=tenant, kind=TaskKind.CALL, status=TaskStatus.OPEN).first()
