"""Activates the corporation scope for a staff request, so every scoped query is filtered to it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django_scopes import scope, scopes_disabled

from vangnet.core.models import Corporation

SESSION_KEY = "corporation_id"


def corporations_for(user) -> list[Corporation]:
    if not user.is_authenticated:
        return []
    with scopes_disabled():
        return list(Corporation.objects.filter(memberships__user=user).order_by("name"))


class CorporationScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.corporation = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with scopes_disabled():
                memberships = list(
                    user.memberships.select_related("corporation").order_by("corporation__name")
                )
            chosen = request.session.get(SESSION_KEY)
            membership = next((m for m in memberships if m.corporation_id == chosen), None)
            if membership is None and memberships:
                membership = memberships[0]
            if membership is not None:
                request.corporation = membership.corporation  # type: ignore[attr-defined]
                request.membership = membership  # type: ignore[attr-defined]
                with scope(corporation=membership.corporation):
                    return self.get_response(request)
        # The API and the portal activate their own scope from the key or the token.
        return self.get_response(request)


class DutchFirstMiddleware:
    """The UI speaks Dutch unless the user chose another language with the switch (a cookie).

    A browser's Accept-Language header says little about a Dutch corporation's staff, so it is ignored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
