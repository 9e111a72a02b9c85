"""Administrators: the bank accounts whose statements the corporation imports."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.bank.accounts import bank_accounts_known
from vangnet.bank.models import BankAccount, BankAccountPurpose
from vangnet.bank.services import bank_account_add, bank_account_remove
from vangnet.core.errors import ApplicationError


class BankAccountForm(forms.Form):
    account = forms.CharField(
        label=_("Rekening"),
        max_length=42,
        help_text=_("Het IBAN, of het rekeningnummer zoals een oud MT940-bestand het noemt."),
    )
    name = forms.CharField(
        label=_("Naam"), max_length=100, required=False, help_text=_("Bijvoorbeeld: Huur ING.")
    )
    purpose = forms.ChoiceField(
        label=_("Gebruik"), choices=BankAccountPurpose.choices, initial=BankAccountPurpose.RENT
    )


@staff_view(Permission.MANAGE_BANK_ACCOUNTS)
def bank_account_list(request: HtmxHttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = BankAccountForm(request.POST)
        if form.is_valid():
            try:
                row = bank_account_add(
                    corporation=request.corporation,
                    account=form.cleaned_data["account"],
                    name=form.cleaned_data["name"],
                    purpose=form.cleaned_data["purpose"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except ApplicationError as exc:
                form.add_error("account", exc.message)
            else:
                messages.success(
                    request,
                    gettext(
                        "Rekening %(account)s is toegevoegd; afschriften ervan kunnen nu worden ingelezen."
                    )
                    % {"account": row.account},
                )
                return redirect("backoffice:bank_accounts")
        status = 400
    else:
        # The link under a refused statement brings the account along.
        form = BankAccountForm(initial={"account": request.GET.get("rekening", "")[:42]})
    accounts = bank_accounts_known(corporation=request.corporation)
    return render(
        request, "backoffice/admin/bank_accounts.html", {"form": form, "accounts": accounts}, status=status
    )


@require_POST
@staff_view(Permission.MANAGE_BANK_ACCOUNTS)
def bank_account_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    row = BankAccount.objects.filter(corporation=request.corporation, pk=pk).first()
    if row is None:
        raise Http404
    bank_account_remove(account=row, actor=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        gettext("Rekening %(account)s is verwijderd; afschriften ervan worden niet meer ingelezen.")
        % {"account": row.account},
    )
    return redirect("backoffice:bank_accounts")
