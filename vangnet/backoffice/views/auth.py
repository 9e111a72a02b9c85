"""Django's auth views with our templates; the reset mail goes out through Django's mail API."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from vangnet.backoffice.access import login_only, second_step_url
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.core.sign_in import (
    confirmed_device,
    totp_device_confirm,
    totp_device_start,
    totp_secret_text,
    totp_setup_qr_svg,
    totp_verify,
    two_factor_required,
)


class LoginView(auth_views.LoginView):
    """The password step; a second step with the authenticator app follows when the user has one."""

    template_name = "backoffice/auth/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        target = self.get_success_url()
        response = super().form_valid(form)
        second = second_step_url(self.request, form.get_user(), target)
        return HttpResponseRedirect(second) if second else response


@login_only
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    target = _safe_next(request)
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(target)
    if confirmed_device(request.user) is None:  # type: ignore[arg-type]
        return redirect(f"{reverse('backoffice:two_factor_setup')}?{urlencode({'next': target})}")
    error = ""
    if request.method == "POST":
        try:
            device = totp_verify(user=request.user, token=request.POST.get("code", ""))  # type: ignore[arg-type]
        except ApplicationError as problem:
            error = problem.message
        else:
            otp_login(request, device)
            return redirect(target)
    return render(request, "backoffice/auth/two_factor_verify.html", {"next": target, "error": error})


@login_only
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    target = _safe_next(request)
    user: User = request.user  # type: ignore[assignment]
    if confirmed_device(user) is not None:
        return redirect(f"{reverse('backoffice:two_factor_verify')}?{urlencode({'next': target})}")
    device = totp_device_start(user=user)
    error = ""
    if request.method == "POST":
        try:
            device = totp_device_confirm(
                user=user,
                token=request.POST.get("code", ""),
                corporation=getattr(request, "corporation", None),
            )
        except ApplicationError as problem:
            error = problem.message
        else:
            otp_login(request, device)
            # Enrolling ended the user's other sessions; this one, which proved the new app, stays.
            update_session_auth_hash(request, user)
            messages.success(
                request, _("Tweestapsverificatie staat aan. Voortaan vragen we bij het inloggen een code.")
            )
            return redirect(target)
    context = {
        "next": target,
        "error": error,
        "qr_svg": totp_setup_qr_svg(device),
        "secret": totp_secret_text(device),
        "required": two_factor_required(),
    }
    return render(request, "backoffice/auth/two_factor_setup.html", context)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default); redirects to the login page."""


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "backoffice/auth/password_reset_form.html"
    email_template_name = "backoffice/auth/password_reset_email.txt"
    subject_template_name = "backoffice/auth/password_reset_subject.txt"
    success_url = reverse_lazy("backoffice:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "backoffice/auth/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "backoffice/auth/password_reset_confirm.html"
    success_url = reverse_lazy("backoffice:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "backoffice/auth/password_reset_complete.html"


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)
