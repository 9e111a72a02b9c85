"""What the tenant card's actions share: the contract they act on, and the way back to the card."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.ledger.models import Contract
from vangnet.ledger.selectors import contract_main_tenant


def contract_or_404(request: HtmxHttpRequest, pk: int) -> Contract:
    contract = Contract.objects.filter(pk=pk, corporation=request.corporation).first()
    if contract is None:
        raise Http404
    return contract


def back_to_card(contract: Contract) -> HttpResponse:
    tenant = contract_main_tenant(contract=contract)
    if tenant is None:
        return redirect("backoffice:tenant_search")
    return redirect("backoffice:tenant_card", pk=tenant.pk)


def form_errors(form) -> str:
    """A refused form's messages in one line, for the message shown above the card."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
