"""Lettings (verhuur) for the colleagues of the letting team: every letting with where it stands (waiting for
the signature, signed, first rent and deposit paid, received by the ERP), and one letting with its timeline,
its mandate, its events and the contract as a PDF (the signed and sealed one once signed). And a contract's
service subscriptions, running and ended."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.contracts.models import Letting, LettingProgress
from vangnet.contracts.selectors import contract_subscriptions, letting_detail, letting_list
from vangnet.contracts.services.letting import letting_document_file

PER_PAGE = 50


class ProgressFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *LettingProgress.choices]
    )


@require_GET
@staff_view(Permission.VIEW_CASES)
def letting_list_view(request: HtmxHttpRequest) -> HttpResponse:
    form = ProgressFilterForm(request.GET)
    progress = form.cleaned_data["status"] if form.is_valid() else ""
    lettings = letting_list(corporation=request.corporation, progress=progress)
    page = Paginator(lettings, PER_PAGE).get_page(request.GET.get("page"))
    for letting in page:
        letting.progress_label = LettingProgress(letting.progress).label  # type: ignore[attr-defined]
    context = {"form": form, "page": page, "query_string": f"status={progress}" if progress else ""}
    return render(request, "backoffice/cases/lettings.html", context)


def _found(request: HtmxHttpRequest, pk: int) -> Letting:
    found = letting_detail(corporation=request.corporation, pk=pk)
    if found is None:
        raise Http404
    return found


@require_GET
@staff_view(Permission.VIEW_CASES)
def letting_detail_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    found = _found(request, pk)
    found.progress_label = LettingProgress(found.progress).label  # type: ignore[attr-defined]
    return render(request, "backoffice/cases/letting.html", {"letting": found})


@require_GET
@staff_view(Permission.VIEW_CASES)
def letting_document_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The contract as a PDF: the signed and sealed one once signed, else the one to sign."""
    found = _found(request, pk)
    data, name = letting_document_file(found)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_GET
@staff_view(Permission.VIEW_TENANT)
def contract_subscriptions_view(request: HtmxHttpRequest, contract_pk: int) -> HttpResponse:
    found = contract_subscriptions(corporation=request.corporation, contract_pk=contract_pk)
    if found is None:
        raise Http404
    contract, subscriptions = found
    return render(
        request,
        "backoffice/cases/subscriptions.html",
        {"subscriptions": subscriptions, "contract": contract},
    )
