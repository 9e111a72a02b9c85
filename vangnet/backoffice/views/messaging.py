"""Messages in the back office: review and approve the day's batches, the demo inbox, templates with a
preview for a real tenant, and a manual message from the tenant card."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.selectors import tenant_get
from vangnet.core import clock
from vangnet.core.channels import DELIVERY_KINDS, ChannelKind, kind_choices
from vangnet.core.errors import ApplicationError
from vangnet.messaging import posting, printing, selectors, services
from vangnet.messaging.models import (
    Batch,
    BatchStatus,
    MessageStatus,
    MessageTemplate,
    OutgoingMessage,
)
from vangnet.messaging.placeholders import PLACEHOLDERS
from vangnet.messaging.template_versions import template_versions
from vangnet.tenants.models import Tenant

PER_PAGE = 50
# A rendered e-mail is a document of its own: shown in a sandboxed frame, styles inline, nothing else.
EMAIL_PREVIEW_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "frame-ancestors": ["'self'"],
    "sandbox": "",
}


def _batch_or_404(pk: int) -> Batch:
    try:
        return selectors.batch_get(pk=pk)
    except Batch.DoesNotExist:
        raise Http404 from None


def _message_or_404(pk: int) -> OutgoingMessage:
    try:
        return selectors.message_get(pk=pk)
    except OutgoingMessage.DoesNotExist:
        raise Http404 from None


@staff_view(Permission.VIEW_MESSAGES)
def batch_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.batch_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "backoffice/messaging/batches.html", {"page": page})


@staff_view(Permission.VIEW_MESSAGES)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(pk)
    status = request.GET.get("status", "")
    page = Paginator(selectors.batch_messages(batch=batch, status=status or None), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "batch": batch,
        "counts": selectors.batch_counts(batch=batch),
        "samples": selectors.batch_samples(batch=batch),
        "page": page,
        "status": status,
        "statuses": MessageStatus.choices,
        "can_review": has_permission(request.membership, Permission.REVIEW_BATCHES),  # type: ignore[attr-defined]
        "in_review": batch.status == BatchStatus.IN_REVIEW,
        "has_letters": batch.messages.filter(channel=ChannelKind.LETTER, status=MessageStatus.SENT).exists(),
        "posted_form": LettersPostedForm(initial={"posted_on": clock.today()}),
        "query_string": f"status={status}" if status else "",
    }
    return render(request, "backoffice/messaging/batch_detail.html", context)


class LettersPostedForm(forms.Form):
    posted_on = forms.DateField(label=_("Gepost op"), widget=forms.DateInput(attrs={"type": "date"}))


@require_POST
@staff_view(Permission.VIEW_MESSAGES)
def batch_letters_posted(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever took the printed letters to the post confirms the day: the 14-day terms count from it."""
    batch = _batch_or_404(pk)
    form = LettersPostedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul de datum in waarop de brieven zijn gepost."))
        return redirect("backoffice:messaging_batch", pk=batch.pk)
    try:
        count = posting.batch_letters_posted(
            batch=batch,
            posted_on=form.cleaned_data["posted_on"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Verzending bevestigd: %(count)s brieven gepost.") % {"count": count})
    return redirect("backoffice:messaging_batch", pk=batch.pk)


@require_POST
@staff_view(Permission.REVIEW_BATCHES)
def batch_approve(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(pk)
    queued = services.batch_approve(batch=batch, actor=request.user)  # type: ignore[arg-type]
    messages.success(
        request, _("De batch is goedgekeurd: %(count)s berichten worden verzonden.") % {"count": queued}
    )
    return redirect("backoffice:messaging_batch", pk=batch.pk)


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=300, required=False)


@require_POST
@staff_view(Permission.REVIEW_BATCHES)
def message_remove(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(pk)
    form = RemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.message_cancel(
            message=message,
            reason=reason or str(_("Uit de batch gehaald door de beoordelaar")),
            actor=request.user,  # type: ignore[arg-type]
        )
        messages.success(
            request, _("Het bericht aan %(name)s is uit de batch gehaald.") % {"name": message.recipient_name}
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("backoffice:messaging_batch", pk=message.batch_id)


@staff_view(Permission.VIEW_MESSAGES)
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(pk)
    preview = None
    if (
        not message.body_text
        and message.tenant
        and message.template
        and message.status == MessageStatus.IN_REVIEW
    ):
        preview = selectors.template_preview(
            template=message.template, tenant=message.tenant, as_of=clock.today()
        )
    context = {
        "message": message,
        "preview": preview,
        "can_review": has_permission(request.membership, Permission.REVIEW_BATCHES),  # type: ignore[attr-defined]
        "removable": message.status in (MessageStatus.IN_REVIEW, MessageStatus.QUEUED, MessageStatus.PLANNED),
    }
    return render(request, "backoffice/messaging/message_detail.html", context)


@xframe_options_sameorigin
@csp_override(EMAIL_PREVIEW_CSP)
@staff_view(Permission.VIEW_MESSAGES)
def message_html(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(pk)
    body = message.body_html
    if not body and message.tenant and message.template and message.channel == ChannelKind.EMAIL:
        body = selectors.template_preview(
            template=message.template, tenant=message.tenant, as_of=clock.today()
        ).html
    return HttpResponse(body or "", content_type="text/html; charset=utf-8")


@staff_view(Permission.VIEW_MESSAGES)
def message_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(pk)
    if message.channel != ChannelKind.LETTER:
        raise Http404
    if message.pdf_path:
        try:
            with open(message.pdf_path, "rb") as handle:
                pdf = handle.read()
        except OSError:
            raise Http404 from None
    elif message.tenant and message.template:
        pdf = (
            selectors.template_preview(
                template=message.template, tenant=message.tenant, as_of=clock.today()
            ).pdf
            or b""
        )
    else:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brief-{message.code}.pdf"'
    return response


@staff_view(Permission.VIEW_MESSAGES)
def print_batch(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    batch = _batch_or_404(pk)
    if kind == "pdf":
        pdf = printing.print_batch_pdf(batch=batch)
        if pdf is None:
            raise Http404
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="printbatch-{batch.day}-{batch.pk}.pdf"'
        return response
    response = HttpResponse(
        printing.print_batch_manifest(batch=batch), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="printbatch-{batch.day}-{batch.pk}.csv"'
    return response


@staff_view(Permission.VIEW_MESSAGES)
def inbox(request: HttpRequest) -> HttpResponse:
    channel = request.GET.get("kanaal", "")
    if channel not in DELIVERY_KINDS:
        channel = ""
    page = Paginator(selectors.sandbox_inbox(channel=channel or None), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "channel": channel,
        "channels": kind_choices(DELIVERY_KINDS),
        "query_string": f"kanaal={channel}" if channel else "",
    }
    return render(request, "backoffice/messaging/inbox.html", context)


@staff_view(Permission.VIEW_MESSAGES)
def template_list(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/messaging/templates.html", {"templates": selectors.template_list()})


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Onderwerp"), max_length=200, required=False)
    body_text = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 16}))
    body_html = forms.CharField(
        label=_("HTML (alleen e-mail)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Leeg laten: Vangnet maakt de HTML-versie van de tekst, met de huisstijl van de corporatie."
        ),
    )

    def __init__(self, *args, channel: str, code: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.channel, self.code = channel, code

    def clean(self):
        data = super().clean()
        errors = services.template_validate(
            channel=self.channel,
            subject=data.get("subject", ""),
            body_text=data.get("body_text", ""),
            body_html=data.get("body_html", ""),
            code=self.code,
        )
        for error in errors:
            self.add_error(None, error)
        return data


@staff_view(Permission.VIEW_MESSAGES)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        template = selectors.template_get(pk=pk)
    except MessageTemplate.DoesNotExist:
        raise Http404 from None
    can_edit = has_permission(request.membership, Permission.EDIT_TEMPLATES)  # type: ignore[attr-defined]
    if request.method == "POST":
        if not can_edit:
            return render(request, "backoffice/access/forbidden.html", status=403)
        form = TemplateForm(request.POST, channel=template.channel, code=template.code)
        if form.is_valid():
            try:
                services.template_update(
                    template=template,
                    subject=form.cleaned_data["subject"],
                    body_text=form.cleaned_data["body_text"],
                    body_html=form.cleaned_data["body_html"] if template.channel == ChannelKind.EMAIL else "",
                    actor=request.user,  # type: ignore[arg-type]
                )
                messages.success(request, _("Het sjabloon is opgeslagen."))
                return redirect("backoffice:messaging_template", pk=template.pk)
            except ApplicationError as error:
                form.add_error(None, error.message)
    else:
        form = TemplateForm(
            initial={
                "subject": template.subject,
                "body_text": template.body_text,
                "body_html": template.body_html,
            },
            channel=template.channel,
            code=template.code,
        )
    preview, preview_tenant = None, None
    tenant_id = request.GET.get("huurder", "")
    if tenant_id.isdigit():
        try:
            preview_tenant = tenant_get(pk=int(tenant_id))
        except Tenant.DoesNotExist:
            raise Http404 from None
        preview = selectors.template_preview(template=template, tenant=preview_tenant, as_of=clock.today())
    context = {
        "template": template,
        "form": form,
        "can_edit": can_edit,
        "preview": preview,
        "preview_tenant": preview_tenant,
        "placeholders": PLACEHOLDERS.values(),
        "versions": template_versions(template=template),
    }
    return render(
        request, "backoffice/messaging/template_edit.html", context, status=400 if form.errors else 200
    )


@xframe_options_sameorigin
@csp_override(EMAIL_PREVIEW_CSP)
@staff_view(Permission.VIEW_MESSAGES)
def template_preview_html(request: HttpRequest, pk: int, tenant_pk: int) -> HttpResponse:
    try:
        template = selectors.template_get(pk=pk)
        tenant = tenant_get(pk=tenant_pk)
    except (MessageTemplate.DoesNotExist, Tenant.DoesNotExist):
        raise Http404 from None
    preview = selectors.template_preview(template=template, tenant=tenant, as_of=clock.today())
    if preview.pdf is not None:
        response = HttpResponse(preview.pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="voorbeeld.pdf"'
        return response
    return HttpResponse(preview.html, content_type="text/html; charset=utf-8")


class ManualMessageForm(forms.Form):
    template_code = forms.ChoiceField(label=_("Bericht"))
    channel = forms.ChoiceField(label=_("Kanaal"), choices=kind_choices(DELIVERY_KINDS))

    def __init__(self, *args, codes: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template_code"].choices = codes  # type: ignore[attr-defined]


@staff_view(Permission.SEND_MESSAGES)
def manual_message(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        tenant = tenant_get(pk=pk)
    except Tenant.DoesNotExist:
        raise Http404 from None
    codes = list(
        dict.fromkeys(
            (t.code, t.name)
            for t in selectors.template_list().exclude(channel=ChannelKind.CALL).filter(language="nl")
        )
    )
    form = ManualMessageForm(request.POST or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_manual_create(
                tenant=tenant,
                contract=None,
                template_code=form.cleaned_data["template_code"],
                channel=form.cleaned_data["channel"],
                as_of=clock.today(),
                actor=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Het bericht is verstuurd."))
            return redirect("backoffice:messaging_message", pk=message.pk)
        except ApplicationError as error:
            form.add_error(None, error.message)
    context = {
        "tenant": tenant,
        "form": form,
        "messages_sent": selectors.messages_for_tenant(tenant=tenant, limit=10),
    }
    return render(request, "backoffice/messaging/manual.html", context, status=400 if form.errors else 200)
