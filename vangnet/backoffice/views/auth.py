"""Django's auth views with our templates; the reset mail goes out through Django's mail API."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class LoginView(auth_views.LoginView):
    template_name = "backoffice/auth/login.html"
    redirect_authenticated_user = True


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
