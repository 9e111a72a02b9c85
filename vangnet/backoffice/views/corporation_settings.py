"""Administrators' settings for channels and payments: senders, sandbox or live, the payment provider.
Secrets stay in the environment; the page says only whether each is set."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.forms.colleagues import MessagingForm, PaymentForm, SendersForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core.errors import ApplicationError
from vangnet.core.senders import corporation_senders_update
from vangnet.messaging.configuration import channel_setup, messaging_settings_update
from vangnet.messaging.selectors import messaging_settings_get
from vangnet.payments.providers import provider_choices
from vangnet.payments.selectors import mollie_key_configured, payment_settings_get
from vangnet.payments.services import payment_settings_set


@staff_view(Permission.MANAGE_SETTINGS)
def corporation_settings(request: HtmxHttpRequest) -> HttpResponse:
    corporation = request.corporation
    messaging = messaging_settings_get(corporation=corporation)  # type: ignore[arg-type]
    payment = payment_settings_get(corporation=corporation)  # type: ignore[arg-type]
    part = request.POST.get("deel", "")
    data = request.POST if request.method == "POST" else None
    senders = SendersForm(
        data if part == "afzenders" else None,
        initial={
            "sender_name": corporation.sender_name,  # type: ignore[union-attr]
            "sender_email": corporation.sender_email,  # type: ignore[union-attr]
            "sms_sender": corporation.sms_sender,  # type: ignore[union-attr]
        },
    )
    messaging_form = MessagingForm(
        data if part == "berichten" else None,
        initial={
            "review_batches": messaging.review_batches,
            "sandbox": messaging.sandbox,
            "letter_postage": messaging.letter_postage,
            "letter_page_cost": messaging.letter_page_cost,
            "sms_segment_cost": messaging.sms_segment_cost,
        },
    )
    payment_form = PaymentForm(
        data if part == "betalen" else None,
        initial={
            "provider": payment.provider,
            "mollie_api_key_env": payment.mollie_api_key_env,
            "default_expiry_days": payment.default_expiry_days,
        },
        providers=provider_choices(),
    )
    form = {"afzenders": senders, "berichten": messaging_form, "betalen": payment_form}.get(part)
    if form is not None and form.is_valid():
        values = form.cleaned_data
        try:
            if part == "afzenders":
                corporation_senders_update(corporation=corporation, actor=request.user, **values)  # type: ignore[arg-type]
            elif part == "berichten":
                messaging_settings_update(corporation=corporation, actor=request.user, **values)  # type: ignore[arg-type]
            else:
                payment_settings_set(
                    corporation=corporation,  # type: ignore[arg-type]
                    portal_host=payment.portal_host,
                    actor=request.user,  # type: ignore[arg-type]
                    **values,
                )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("backoffice:corporation_settings")
    context = {
        "senders": senders,
        "messaging_form": messaging_form,
        "payment_form": payment_form,
        "channels": channel_setup(corporation=corporation),  # type: ignore[arg-type]
        "mollie_key_set": mollie_key_configured(payment),
        "payment": payment,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "backoffice/admin/settings.html", context, status=status)
