"""Bank statements: upload a file, read what it did, and place the payments nobody could match."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.forms.navigation import TenantSearchForm
from vangnet.backoffice.selectors import (
    assignable_contract_get,
    bank_statement_import_get,
    bank_statement_import_list,
    bank_transaction_get,
    unmatched_transactions,
)
from vangnet.bank.models import BankStatementImport, BankTransaction
from vangnet.bank.services import bank_statement_import, bank_transaction_assign
from vangnet.core.errors import ApplicationError
from vangnet.core.money import format_euro
from vangnet.ledger.models import Contract
from vangnet.tenants.selectors import tenant_search

MAX_STATEMENT_SIZE = 20 * 1024 * 1024
IMPORTS_PER_PAGE = 25
QUEUE_PER_PAGE = 50
TENANTS_PER_PAGE = 10


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bankafschrift"),
        help_text=_("Een camt.053-, camt.054- of MT940-bestand van de bank, hoogstens 20 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_STATEMENT_SIZE:
            raise forms.ValidationError(
                _("Het bestand is %(size)s; het mag hoogstens %(max)s zijn."),
                params={"size": filesizeformat(upload.size), "max": filesizeformat(MAX_STATEMENT_SIZE)},
            )
        return upload


class AssignForm(forms.Form):
    contract = forms.IntegerField(widget=forms.HiddenInput)


def _error_reasons(record: BankStatementImport) -> list[dict]:
    english = (get_language() or "nl").startswith("en")
    return [
        {
            "line": error.get("line"),
            "reason": (error.get("reason_en") if english else error.get("reason_nl"))
            or error.get("reason_nl")
            or error.get("reason_en"),
            "account": error.get("account", ""),
        }
        for error in record.errors
    ]


@staff_view(Permission.MANAGE_BANK)
def statement_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = StatementUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            record = bank_statement_import(
                corporation=request.corporation,  # type: ignore[attr-defined]
                data=upload.read(),
                file_name=upload.name or "",
                actor=request.user,  # type: ignore[arg-type]
            )
            return redirect("backoffice:bank_statement_detail", pk=record.pk)
    else:
        form = StatementUploadForm()
    page = Paginator(bank_statement_import_list(), IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    return render(request, "backoffice/bank/statements.html", {"form": form, "page": page}, status=status)


@staff_view(Permission.MANAGE_BANK)
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        record = bank_statement_import_get(pk=pk)
    except BankStatementImport.DoesNotExist:
        raise Http404 from None
    context = {"record": record, "counts": record.counts, "errors": _error_reasons(record)}
    return render(request, "backoffice/bank/statement_detail.html", context)


@staff_view(Permission.MANAGE_BANK)
def unmatched_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(unmatched_transactions(), QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "backoffice/bank/unmatched.html", {"page": page})


def _transaction_or_404(pk: int) -> BankTransaction:
    try:
        return bank_transaction_get(pk=pk)
    except BankTransaction.DoesNotExist:
        raise Http404 from None


@staff_view(Permission.MANAGE_BANK)
def unmatched_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transaction = _transaction_or_404(pk)
    form = TenantSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    tenants = None
    if query:
        tenants = Paginator(tenant_search(query=query), TENANTS_PER_PAGE).get_page(request.GET.get("page"))
    chosen = None
    if request.GET.get("contract", "").isdigit():
        try:
            chosen = assignable_contract_get(pk=int(request.GET["contract"]))
        except Contract.DoesNotExist:
            raise Http404 from None
    context = {
        "transaction": transaction,
        "form": form,
        "query": query,
        "tenants": tenants,
        "chosen": chosen,
        "query_string": urlencode({"q": query}),
    }
    return render(request, "backoffice/bank/unmatched_detail.html", context)


@require_POST
@staff_view(Permission.MANAGE_BANK)
def unmatched_assign(request: HttpRequest, pk: int) -> HttpResponse:
    transaction = _transaction_or_404(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een contract om de betaling op te boeken."))
        return redirect("backoffice:bank_unmatched_detail", pk=pk)
    try:
        contract = assignable_contract_get(pk=form.cleaned_data["contract"])
    except Contract.DoesNotExist:
        raise Http404 from None
    try:
        bank_transaction_assign(transaction=transaction, contract=contract, actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:bank_unmatched_detail", pk=pk)
    messages.success(
        request,
        _("De betaling van %(amount)s is geboekt op contract %(contract)s.")
        % {"amount": format_euro(abs(transaction.amount)), "contract": contract.source_id},
    )
    return redirect("backoffice:bank_unmatched")
