"""Administrators: the team's sign-in state (two-factor, lockouts) and the audit log."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.forms.colleagues import InviteForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core.models import Membership, User
from vangnet.core.selectors import AUDIT_GROUPS, audit_entries, staff_members
from vangnet.core.sign_in import login_lockout_lift, two_factor_reset
from vangnet.tenants.selectors import attach_tenants

PAGE_SIZE = 50


@staff_view(Permission.MANAGE_STAFF)
def staff_list(request: HtmxHttpRequest) -> HttpResponse:
    context = {"members": staff_members(corporation=request.corporation), "invite_form": InviteForm()}
    return render(request, "backoffice/admin/staff.html", context)


def _colleague(request: HtmxHttpRequest, user_pk: int) -> User:
    membership = (
        Membership.objects.filter(corporation=request.corporation, user_id=user_pk)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404
    return membership.user


@require_POST
@staff_view(Permission.MANAGE_STAFF)
def staff_two_factor_reset(request: HtmxHttpRequest, user_pk: int) -> HttpResponse:
    user = _colleague(request, user_pk)
    two_factor_reset(user=user, actor=request.user, corporation=request.corporation)  # type: ignore[arg-type]
    messages.success(
        request,
        _("%(name)s stelt bij de volgende keer inloggen de app opnieuw in.")
        % {"name": user.get_full_name() or user.username},
    )
    return redirect("backoffice:staff_list")


@require_POST
@staff_view(Permission.MANAGE_STAFF)
def staff_unlock(request: HtmxHttpRequest, user_pk: int) -> HttpResponse:
    user = _colleague(request, user_pk)
    login_lockout_lift(user=user, actor=request.user, corporation=request.corporation)  # type: ignore[arg-type]
    messages.success(
        request, _("%(name)s kan weer inloggen.") % {"name": user.get_full_name() or user.username}
    )
    return redirect("backoffice:staff_list")


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@staff_view(Permission.VIEW_AUDIT)
def audit_log(request: HtmxHttpRequest) -> HttpResponse:
    tenant_id = _int_or_none(request.GET.get("huurder"))
    actor_id = _int_or_none(request.GET.get("medewerker"))
    group = request.GET.get("soort", "")
    group = group if group in AUDIT_GROUPS else ""
    try:
        on = dt.date.fromisoformat(request.GET.get("datum", ""))
    except ValueError:
        on = None
    entries = audit_entries(
        corporation=request.corporation,
        tenant_id=tenant_id,
        actor_id=actor_id,
        action_prefix=f"{group}." if group else "",
        on=on,
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    attach_tenants(page.object_list, key="tenant_id")  # a tenant by name, not by number
    members = staff_members(corporation=request.corporation)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "tenant_id": tenant_id,
        "actor_id": actor_id,
        "group": group,
        "groups": AUDIT_GROUPS,
        "on": on,
        "members": members,
        "query_string": params.urlencode(),
    }
    return render(request, "backoffice/admin/audit_log.html", context)
