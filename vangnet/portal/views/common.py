"""Small helpers the portal's views share."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vangnet.portal.selectors import tenant_contract, tenant_entry


def not_found(request: HttpRequest) -> HttpResponse:
    """Another tenant's contract, item or message looks exactly like one that does not exist."""
    portal = getattr(request, "portal", None)
    context = {"corporation": portal.corporation if portal else None, "portal": portal}
    return render(request, "portal/not_found.html", context, status=404)


def page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    return render(
        request, template, {"corporation": portal.corporation, "portal": portal, **context}, status=status
    )


def field_errors(form, exc_extra: dict) -> None:
    """Put a service's per-field messages next to the fields they are about."""
    for name, message in (exc_extra.get("fields") or {}).items():
        if name in form.fields and isinstance(message, str) and " " in message:
            form.add_error(name, message)


def foreign_entry_named(request: HttpRequest, field: str, tenant) -> bool:
    """Whether a posted ledger entry id is not one of the tenant's: then the page answers 404, as for an
    id that does not exist, rather than a form error that would confirm it does."""
    posted = [value for value in request.POST.getlist(field) if value]
    return any(tenant_entry(tenant=tenant, entry_id=value) is None for value in posted)


def with_tenant_contract(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolves `contract_id` to one of the session tenant's contracts, or answers 404 (inside portal_view)."""

    @wraps(view)
    def wrapper(request: HttpRequest, contract_id: int) -> HttpResponse:
        contract = tenant_contract(tenant=request.portal.tenant, contract_id=contract_id)  # type: ignore[attr-defined]
        if contract is None:
            return not_found(request)
        return view(request, contract)

    return wrapper
