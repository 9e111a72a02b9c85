"""Getting into the portal: a signed link from a message, the code from a letter, the second check and
logging out. Thin: parse, call a service in portal.access, start or end the session, render."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from vangnet.contracts.services.co_tenant_signing import SIGN_TARGET
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.messaging.links import portal_token_corporation_id
from vangnet.portal.access import (
    portal_access_by_code,
    portal_access_by_link,
    portal_second_check,
    second_check_question,
)
from vangnet.portal.forms.access import CodeLoginForm, SecondCheckForm
from vangnet.portal.hosts import corporation_by_id, corporation_for_host
from vangnet.portal.session import (
    AccessMethod,
    portal_view,
    session_end,
    session_mark_verified,
    session_start,
)
from vangnet.tenants.models import Tenant

LANGUAGES = {code for code, _ in settings.LANGUAGES}


def _client_ip(request: HttpRequest) -> str:
    # Behind the production proxy REMOTE_ADDR is set from the forwarded address by the web server.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _enter(request: HttpRequest, tenant: Tenant, method: str) -> HttpResponse:
    session_start(request, tenant=tenant, method=method, verified=method == AccessMethod.CODE)
    # A campaign's link lands on its question, a new co-tenant's on the contract to sign; any other value of
    # `naar` is ignored (no open redirect).
    target = {"campagne": "portal:campaigns", SIGN_TARGET: "portal:co_tenant_sign"}.get(
        request.GET.get("naar", ""), "portal:overview"
    )
    response = redirect(target)
    if tenant.language in LANGUAGES:
        # The tenant reads the portal in their own language; the switch on every page changes it.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, tenant.language, samesite="Lax")
    return response


@never_cache
def link_access(request: HttpRequest, token: str) -> HttpResponse:
    host_corporation = corporation_for_host(request.get_host())
    tenant = portal_access_by_link(token=token, host_corporation=host_corporation, now=clock.now())
    if tenant is None:
        corporation = host_corporation
        if corporation is None and (corporation_id := portal_token_corporation_id(token)) is not None:
            corporation = corporation_by_id(corporation_id)
        context = {"corporation": corporation, "show_login": True}
        return render(request, "portal/link_invalid.html", context, status=404)
    return _enter(request, tenant, AccessMethod.LINK)


@never_cache
@require_http_methods(["GET", "POST"])
def code_login(request: HttpRequest) -> HttpResponse:
    host_corporation = corporation_for_host(request.get_host())
    form = CodeLoginForm(request.POST or None)
    error = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            tenant = portal_access_by_code(
                code=form.cleaned_data["code"],
                postcode=form.cleaned_data["postcode"],
                house_number=form.cleaned_data["house_number"],
                client_ip=_client_ip(request),
                host_corporation=host_corporation,
                now=clock.now(),
            )
        except ApplicationError as exc:
            error = exc.message
            status = 429 if exc.extra.get("code") == "locked" else 400
        else:
            return _enter(request, tenant, AccessMethod.CODE)
    elif request.method == "POST":
        status = 400
    context = {"corporation": host_corporation, "form": form, "error": error}
    return render(request, "portal/account/login.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def second_check(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ) or not next_url.startswith("/portaal/"):
        next_url = "/portaal/"
    question = second_check_question(tenant=portal.tenant, method=portal.method)
    form = SecondCheckForm(request.POST or None, question=question)
    error = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            portal_second_check(
                tenant=portal.tenant,
                method=portal.method,
                postcode=form.cleaned_data.get("postcode", ""),
                house_number=form.cleaned_data.get("house_number", ""),
                birth_date=form.cleaned_data.get("birth_date"),
                contact=form.cleaned_data.get("contact", ""),
                now=clock.now(),
            )
        except ApplicationError as exc:
            error, status = exc.message, 429 if exc.extra.get("code") == "locked" else 400
        else:
            session_mark_verified(request)
            return redirect(next_url)
    elif request.method == "POST":
        status = 400
    context = {
        "corporation": portal.corporation,
        "portal": portal,
        "form": form,
        "error": error,
        "next": next_url,
        "question": question,
    }
    return render(request, "portal/account/check.html", context, status=status)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    session_end(request)
    host_corporation = corporation_for_host(request.get_host())
    return render(request, "portal/account/logged_out.html", {"corporation": host_corporation})
