"""Payments in the back office: pay links and their attempts, and for admins the ERP webhooks and their log."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.core.errors import ApplicationError
from vangnet.events.models import WebhookEndpoint
from vangnet.events.selectors import event_delivery_log, webhook_endpoint_list
from vangnet.events.services import webhook_endpoint_create, webhook_endpoint_set_active
from vangnet.payments.models import PaymentRequestStatus, PaymentStatus
from vangnet.payments.selectors import payment_list as payments_selector
from vangnet.payments.selectors import payment_request_list as requests_selector

PER_PAGE = 50


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle")), *choices]


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Adres (URL)"),
        max_length=500,
        help_text=_("Het adres van het ERP dat de meldingen ontvangt."),
    )
    description = forms.CharField(label=_("Omschrijving"), max_length=100, required=False)
    secret_env = forms.RegexField(
        label=_("Geheim uit omgevingsvariabele (optioneel)"),
        regex=r"^[A-Z][A-Z0-9_]{0,99}$",
        required=False,
        help_text=_("Leeg laten: Vangnet maakt een geheim en toont het één keer."),
        error_messages={
            "invalid": _("Gebruik hoofdletters, cijfers en _, zoals VANGNET_WEBHOOK_SECRET_WOONSTAD.")
        },
    )


def _status(request: HttpRequest, choices) -> tuple[StatusFilterForm, str]:
    form = StatusFilterForm(request.GET, choices=choices)
    return form, (form.cleaned_data["status"] if form.is_valid() else "")


@staff_view(Permission.VIEW_PAYMENTS)
def payment_request_list(request: HttpRequest) -> HttpResponse:
    form, status = _status(request, PaymentRequestStatus.choices)
    page = Paginator(requests_selector(status=status), PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query_string": f"status={status}" if status else ""}
    return render(request, "backoffice/payments/requests.html", context)


@staff_view(Permission.VIEW_PAYMENTS)
def payment_list(request: HttpRequest) -> HttpResponse:
    form, status = _status(request, PaymentStatus.choices)
    page = Paginator(payments_selector(status=status), PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query_string": f"status={status}" if status else ""}
    return render(request, "backoffice/payments/payments.html", context)


@staff_view(Permission.MANAGE_WEBHOOKS)
def webhook_endpoints(request: HttpRequest) -> HttpResponse:
    created_secret = None
    status = 200
    if request.method == "POST":
        form = WebhookEndpointForm(request.POST)
        if form.is_valid():
            try:
                _endpoint, created_secret = webhook_endpoint_create(
                    corporation=request.corporation,  # type: ignore[attr-defined]
                    url=form.cleaned_data["url"],
                    description=form.cleaned_data["description"],
                    secret_env=form.cleaned_data["secret_env"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except ApplicationError as exc:
                form.add_error(exc.extra.get("field", "url"), exc.message)
            else:
                if created_secret is None:
                    messages.success(request, gettext("Het webhook-adres is toegevoegd."))
                    return redirect("backoffice:webhook_endpoints")
                form = WebhookEndpointForm()
        if form.errors:
            status = 400
    else:
        form = WebhookEndpointForm()
    # The generated secret is rendered in this one response and never again (no redirect, no session).
    context = {"form": form, "endpoints": webhook_endpoint_list(), "created_secret": created_secret}
    response = render(request, "backoffice/payments/webhooks.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@staff_view(Permission.MANAGE_WEBHOOKS)
@require_POST
def webhook_endpoint_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = WebhookEndpoint.objects.filter(pk=pk).first()
    if endpoint is None:
        raise Http404
    active = request.POST.get("active") == "1"
    webhook_endpoint_set_active(endpoint=endpoint, active=active, actor=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        gettext("Het webhook-adres staat aan.") if active else gettext("Het webhook-adres staat uit."),
    )
    return redirect("backoffice:webhook_endpoints")


@staff_view(Permission.MANAGE_WEBHOOKS)
def delivery_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(event_delivery_log(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "backoffice/payments/deliveries.html", {"page": page})
