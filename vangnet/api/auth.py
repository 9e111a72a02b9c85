"""Bearer-key authentication, and the corporation scope every authenticated operation runs in.

ninja authenticates inside Operation.run, before the view and before the response is serialised. So the
scope cannot be a view decorator alone: `run_in_key_scope` wraps the whole run in an ExitStack, and the
authenticator enters the key's scope on that stack. The scope then covers the view, pagination and the
serialisation of lazy querysets, and is left when the operation returns, whatever happens.
"""

from collections.abc import Callable
from contextlib import ExitStack
from functools import wraps
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponseBase
from django_scopes import scope
from ninja.security import HttpBearer

from vangnet.cases.contractor_keys import contractor_for_secret
from vangnet.cases.models import Contractor
from vangnet.core.api_keys import api_key_for_secret, api_key_record_use
from vangnet.core.models import ApiKey

SCOPE_STACK_ATTR = "_vangnet_api_scope"


def run_in_key_scope(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Decorator for ninja's whole request handler (add_decorator mode="view", which runs before auth)."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with ExitStack() as stack:
            setattr(request, SCOPE_STACK_ATTR, stack)
            try:
                return run(request, *args, **kwargs)
            finally:
                delattr(request, SCOPE_STACK_ATTR)

    return wrapper


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer <key>`; the key decides the corporation, never a parameter of the request."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        # Raises ApiKeyRejected, which the API turns into a 401 with the reason.
        api_key = api_key_for_secret(token)
        stack: ExitStack | None = getattr(request, SCOPE_STACK_ATTR, None)
        if stack is None:
            # Without the wrapper the scope would leak past the request or not be active at all: refuse.
            raise ImproperlyConfigured("ApiKeyAuth needs run_in_key_scope on the API (api.add_decorator).")
        stack.enter_context(scope(corporation=api_key.corporation))
        request.corporation = api_key.corporation  # type: ignore[attr-defined]
        request.api_key = api_key  # type: ignore[attr-defined]
        api_key_record_use(api_key=api_key)
        return api_key


class ContractorKeyAuth(HttpBearer):
    """`Authorization: Bearer vk-...`: a contractor's own system; it sees only that contractor's work orders."""

    def authenticate(self, request: HttpRequest, token: str) -> Contractor:
        # Raises ContractorKeyRejected, which the API turns into a 401 with the reason.
        contractor = contractor_for_secret(token)
        stack: ExitStack | None = getattr(request, SCOPE_STACK_ATTR, None)
        if stack is None:
            raise ImproperlyConfigured(
                "ContractorKeyAuth needs run_in_key_scope on the API (api.add_decorator)."
            )
        stack.enter_context(scope(corporation=contractor.corporation))
        request.corporation = contractor.corporation  # type: ignore[attr-defined]
        request.contractor = contractor  # type: ignore[attr-defined]
        return contractor
