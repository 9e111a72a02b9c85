"""The tenant's portal session: who they are, how they came in, and when they last passed the second check.

Stored in Django's session under one key. Tenants never get a User. Every portal view is wrapped in
`portal_view`, which loads the tenant of the session (in one query, with the corporation), refuses a
session of another corporation on a corporation's own domain, and runs the view inside that
corporation's scope, so every query of the view is filtered to it.
"""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_scopes import scope

from vangnet.core import clock, prepared, sql
from vangnet.core.models import Corporation
from vangnet.portal.hosts import corporation_by_id, corporation_for_host
from vangnet.tenants.models import Tenant

SESSION_KEY = "portal"
SESSION_AGE = dt.timedelta(hours=1)  # idle tenants are logged out; a phone is easily left on a table
SECOND_CHECK_AGE = dt.timedelta(minutes=15)
_TENANT_COLUMNS = [f'"{field.column}"' for field in Tenant._meta.concrete_fields]
TENANT_SQL = (
    f"SELECT {', '.join(_TENANT_COLUMNS)} FROM {sql.table(Tenant)}"
    " WHERE id = %s AND corporation_id = %s AND removed_from_source_at IS NULL"
)


class AccessMethod:
    LINK = "link"
    CODE = "code"


@dataclass
class PortalContext:
    tenant: Tenant
    corporation: Corporation
    method: str
    verified_at: dt.datetime | None

    def verified(self, now: dt.datetime) -> bool:
        return self.verified_at is not None and now - self.verified_at < SECOND_CHECK_AGE


class PortalRequest(HttpRequest):
    portal: PortalContext


def session_start(request: HttpRequest, *, tenant: Tenant, method: str, verified: bool) -> None:
    # A new session key on every login: a session id planted before the login is worth nothing after it.
    request.session.cycle_key()
    now = clock.now()
    request.session[SESSION_KEY] = {
        "tenant": tenant.pk,
        "corporation": tenant.corporation_id,
        "method": method,
        "started_at": now.isoformat(),
        "verified_at": now.isoformat() if verified else None,
    }
    request.session.set_expiry(int(SESSION_AGE.total_seconds()))


def session_mark_verified(request: HttpRequest) -> None:
    data = dict(request.session.get(SESSION_KEY) or {})
    data["verified_at"] = clock.now().isoformat()
    request.session[SESSION_KEY] = data


def session_end(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def session_tenant(*, tenant_id: int, corporation_id: int) -> Tenant | None:
    """The session's tenant, unless removed from the ERP. Every portal page asks this: a plain statement and
    Django's own `from_db`, because building the ORM's (or a raw query's) statement and column map cost
    four times as much as running it (issue 20)."""
    rows = prepared.prepared_rows(TENANT_SQL, [tenant_id, corporation_id])
    if not rows:
        return None
    values = list(rows[0])
    for index, field in _converted_fields(connection.vendor):
        column = field.get_col(Tenant._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            values[index] = convert(values[index], column, connection)
    return Tenant.from_db(connection.alias, [field.attname for field in Tenant._meta.concrete_fields], values)


@functools.cache
def _converted_fields(vendor: str) -> list[tuple[int, Field]]:
    """The fields whose values this kind of database hands back in another form than the model's (SQLite:
    times without their zone), converted as the ORM converts them. Once per process: asking every field
    cost more than the query."""
    table = Tenant._meta.db_table
    return [
        (index, field)
        for index, field in enumerate(Tenant._meta.concrete_fields)
        if connection.ops.get_db_converters(field.get_col(table)) or field.get_db_converters(connection)
    ]


def session_context(request: HttpRequest) -> PortalContext | None:
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    corporation = corporation_by_id(data["corporation"])
    if corporation is None:
        return None
    tenant = session_tenant(tenant_id=data["tenant"], corporation_id=corporation.pk)
    if tenant is None:
        return None
    tenant.corporation = corporation
    host_corporation = corporation_for_host(request.get_host())
    if host_corporation is not None and host_corporation.pk != tenant.corporation_id:
        return None
    verified_at = dt.datetime.fromisoformat(data["verified_at"]) if data.get("verified_at") else None
    return PortalContext(tenant, tenant.corporation, data.get("method", ""), verified_at)


def portal_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only for a tenant with a portal session; the view runs in the corporation's scope."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = session_context(request)
        if context is None:
            return redirect("portal:login")
        request.portal = context  # type: ignore[attr-defined]
        with scope(corporation=context.corporation):
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return wrapped


def second_check_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For sensitive actions: ask postcode and house number (or date of birth) once per SECOND_CHECK_AGE."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.portal.verified(clock.now()):  # type: ignore[attr-defined]
            return redirect(reverse("portal:check") + "?" + urlencode({"next": request.get_full_path()}))
        return view(request, *args, **kwargs)

    return wrapped
