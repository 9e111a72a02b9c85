"""Administrators manage colleagues: invite by e-mail, change a role, deactivate (with the open tasks to
reassign), and the teams work is given to. The invited colleague sets a password through the mailed link."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.forms.colleagues import InviteForm, RoleForm, TeamForm, TeamMembersForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core.colleagues import (
    colleague_deactivate,
    colleague_invite,
    colleague_invite_resend,
    colleague_reactivate,
    colleague_role_change,
    invite_tokens,
)
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Membership, Team, User
from vangnet.core.selectors import staff_members
from vangnet.tasks.selectors import open_tasks_of
from vangnet.tasks.teams import team_create, team_members_set, team_rename


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _staff_page(request: HtmxHttpRequest, form: InviteForm, status: int = 200) -> HttpResponse:
    context = {"members": staff_members(corporation=request.corporation), "invite_form": form}
    return render(request, "backoffice/admin/staff.html", context, status=status)


@require_POST
@staff_view(Permission.MANAGE_STAFF)
def colleague_invite_view(request: HtmxHttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            user = colleague_invite(
                corporation=request.corporation,  # type: ignore[arg-type]
                base_url=_base_url(request),
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_error(
                error.extra.get("field") if error.extra.get("field") in form.fields else None, error.message
            )
        else:
            messages.success(
                request,
                _("De uitnodiging is verstuurd naar %(email)s. De link werkt één keer.")
                % {"email": user.email},
            )
            return redirect("backoffice:staff_list")
    return _staff_page(request, form, status=400)


def _membership(request: HtmxHttpRequest, user_pk: int) -> Membership:
    membership = (
        Membership.objects.filter(corporation=request.corporation, user_id=user_pk)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@staff_view(Permission.MANAGE_STAFF)
def colleague_detail(request: HtmxHttpRequest, user_pk: int) -> HttpResponse:
    membership = _membership(request, user_pk)
    user = membership.user
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            colleague_role_change(
                corporation=request.corporation,  # type: ignore[arg-type]
                user=user,
                role=form.cleaned_data["role"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as error:
            form.add_error("role", error.message)
        else:
            messages.success(request, _("De rol van %(name)s is gewijzigd.") % {"name": _name(user)})
            return redirect("backoffice:colleague_detail", user_pk=user.pk)
    context = {
        "member": membership,
        "colleague": user,
        "form": form,
        "open_tasks": list(open_tasks_of(user=user)[:50]),
        "open_count": open_tasks_of(user=user).count(),
        "teams": Team.objects.filter(corporation=request.corporation, members=user),
    }
    return render(request, "backoffice/admin/colleague.html", context, status=400 if form.errors else 200)


@require_POST
@staff_view(Permission.MANAGE_STAFF)
def colleague_active(request: HtmxHttpRequest, user_pk: int) -> HttpResponse:
    user = _membership(request, user_pk).user
    deactivating = request.POST.get("actie") == "deactiveren"
    try:
        if deactivating:
            colleague_deactivate(corporation=request.corporation, user=user, actor=request.user)  # type: ignore[arg-type]
        else:
            colleague_reactivate(corporation=request.corporation, user=user, actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if deactivating:
            messages.success(
                request,
                _("%(name)s kan niet meer inloggen. Geef de open taken hieronder aan een collega.")
                % {"name": _name(user)},
            )
        else:
            messages.success(request, _("%(name)s kan weer inloggen.") % {"name": _name(user)})
    return redirect("backoffice:colleague_detail", user_pk=user.pk)


@require_POST
@staff_view(Permission.MANAGE_STAFF)
def colleague_invite_again(request: HtmxHttpRequest, user_pk: int) -> HttpResponse:
    user = _membership(request, user_pk).user
    try:
        colleague_invite_resend(
            corporation=request.corporation,  # type: ignore[arg-type]
            user=user,
            base_url=_base_url(request),
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Er is een nieuwe uitnodiging verstuurd naar %(email)s.") % {"email": user.email}
        )
    return redirect("backoffice:colleague_detail", user_pk=user.pk)


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The invited colleague chooses a password (Django's set-password form and its validators)."""

    template_name = "backoffice/auth/invite_accept.html"
    token_generator = invite_tokens
    reset_url_token = "wachtwoord-kiezen"
    success_url = reverse_lazy("backoffice:login")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, _("Uw wachtwoord is ingesteld. Log nu in met uw e-mailadres."))
        return response


@staff_view(Permission.MANAGE_STAFF)
def team_list(request: HtmxHttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = team_create(
                corporation=request.corporation,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as error:
            form.add_error("name", error.message)
        else:
            messages.success(
                request, _("Team %(name)s is aangemaakt. Kies nu de leden.") % {"name": team.name}
            )
            return redirect("backoffice:team_detail", pk=team.pk)
    teams = Team.objects.filter(corporation=request.corporation).prefetch_related("members")
    return render(
        request,
        "backoffice/admin/teams.html",
        {"teams": teams, "form": form},
        status=400 if form.errors else 200,
    )


@staff_view(Permission.MANAGE_STAFF)
def team_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    team = Team.objects.filter(corporation=request.corporation, pk=pk).first()
    if team is None:
        raise Http404
    colleagues = [
        (m.user_id, _name(m.user))
        for m in Membership.objects.filter(corporation=request.corporation, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    ]
    rename = TeamForm(initial={"name": team.name}, prefix="naam")
    members = TeamMembersForm(
        initial={"members": [str(pk) for pk in team.members.values_list("pk", flat=True)]},
        colleagues=colleagues,
        prefix="leden",
    )
    if request.method == "POST":
        try:
            if "naam-name" in request.POST:
                rename = TeamForm(request.POST, prefix="naam")
                if rename.is_valid():
                    moved = team_rename(team=team, name=rename.cleaned_data["name"], actor=request.user)  # type: ignore[arg-type]
                    messages.success(
                        request,
                        ngettext(
                            "Het team heet nu %(name)s (%(count)s open taak ging mee).",
                            "Het team heet nu %(name)s (%(count)s open taken gingen mee).",
                            moved,
                        )
                        % {"name": team.name, "count": moved},
                    )
                    return redirect("backoffice:team_detail", pk=team.pk)
            else:
                members = TeamMembersForm(request.POST, colleagues=colleagues, prefix="leden")
                if members.is_valid():
                    chosen = [int(pk) for pk in members.cleaned_data["members"]]
                    team_members_set(team=team, user_ids=chosen, actor=request.user)  # type: ignore[arg-type]
                    messages.success(
                        request, _("De leden van %(name)s zijn opgeslagen.") % {"name": team.name}
                    )
                    return redirect("backoffice:team_detail", pk=team.pk)
        except ApplicationError as error:
            if error.extra.get("field") == "name":
                rename.add_error("name", error.message)
            else:
                members.add_error("members", error.message)
    context = {"team": team, "rename": rename, "members": members}
    status = 400 if rename.errors or members.errors else 200
    return render(request, "backoffice/admin/team.html", context, status=status)
