"""The overview a tenant lands on, and one received message as it was sent."""

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from vangnet.campaigns.selectors import open_targets
from vangnet.cases.selectors import portal_cases
from vangnet.contracts.selectors import tenant_lettings_waiting, tenant_waiting
from vangnet.core import clock
from vangnet.payments.selectors import online_payment_available, provider_pays_online
from vangnet.portal.overview_cache import (
    CSRF_PLACEHOLDER,
    PATH_PLACEHOLDER,
    cached_fragments,
    cached_page,
    fill_in,
    fragments_store,
    overview_key,
    page_key,
    page_store,
)
from vangnet.portal.selectors import portal_overview, tenant_message
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import not_found


@require_GET
@portal_view
def overview(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    as_of = clock.today()
    found = overview_key(
        tenant_id=portal.tenant.pk,
        corporation_id=portal.corporation.pk,
        as_of=as_of,
        language=translation.get_language(),
    )
    # The whole page from the cache, with this request's CSRF token and path; never with flash messages.
    page = page_key(found, corporation=portal.corporation) if found else ""
    if page and get_messages(request):
        page = ""
    html = cached_page(page)
    if html is not None:
        return HttpResponse(fill_in(html, request))
    fragments = cached_fragments(found.key) if found else None
    if fragments is None:
        data = portal_overview(
            tenant=portal.tenant, as_of=as_of, contracts=found.contracts if found else None
        )
        can_pay = (
            provider_pays_online(found.provider)
            if found
            else online_payment_available(corporation=portal.corporation)
        )
        # A letter's reader logs in with the code and lands here: our open questions come first.
        targets = open_targets(tenant=portal.tenant, as_of=as_of) if not found or found.has_questions else []
        fragment_context = {"overview": data, "can_pay_online": can_pay, "campaign_targets": targets}
        fragments = {
            part: render_to_string(f"portal/_overview_{part}.html", fragment_context)
            for part in ("questions", "arrears", "messages")
        }
        if found:
            fragments_store(found.key, fragments)
    cases = portal_cases(tenant=portal.tenant) if not found or found.has_cases else []
    context = {
        "corporation": portal.corporation,
        "portal": portal,
        # our own templates' output
        **{f"{part}_html": mark_safe(html) for part, html in fragments.items()},
        "cases": cases,
        # A candidate's contract to sign always has an open case: no query for everyone else.
        "lettings": tenant_lettings_waiting(tenant=portal.tenant) if any(not c.closed for c in cases) else [],
        # A swap to confirm or a consent to give: read only when the key query says one waits.
        "waiting": tenant_waiting(tenant=portal.tenant) if not found or found.has_waiting else None,
    }
    if page:
        context |= {"csrf_token": CSRF_PLACEHOLDER, "language_next": PATH_PLACEHOLDER}
        html = render_to_string("portal/overview.html", context, request)
        page_store(page, html)
        return HttpResponse(fill_in(html, request))
    return render(request, "portal/overview.html", context)


@require_GET
@portal_view
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    message = tenant_message(tenant=portal.tenant, message_id=message_id, as_of=clock.today())
    if message is None:
        return not_found(request)
    return render(
        request,
        "portal/message.html",
        {"corporation": portal.corporation, "portal": portal, "message": message},
    )
