"""Small helpers the portal's views share."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
