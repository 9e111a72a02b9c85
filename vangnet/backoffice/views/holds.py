"""Manual holds (wachtcodes) from the tenant card: put a contract's collection on hold, or lift it."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.forms.flows import HoldForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.backoffice.views.card_actions import back_to_card, contract_or_404
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.flows.models import Hold
from vangnet.flows.services import hold_create, hold_release


@staff_view(Permission.MANAGE_HOLDS)
def hold_add(request: HtmxHttpRequest, contract_pk: int) -> HttpResponse:
    contract = contract_or_404(request, contract_pk)
    if request.method == "POST":
        form = HoldForm(request.POST)
        if form.is_valid():
            try:
                hold_create(
                    contract=contract,
                    starts_on=clock.today(),
                    owner=request.user,  # type: ignore[arg-type]
                    actor=request.user,  # type: ignore[arg-type]
                    **form.cleaned_data,
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Wachtcode gezet. De volgende run pauzeert het traject."))
        else:
            messages.error(request, _("De wachtcode is niet gezet: geef een reden en geldige datums."))
    return back_to_card(contract)


@staff_view(Permission.MANAGE_HOLDS)
def hold_lift(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    try:
        hold = Hold.objects.select_related("contract").get(pk=pk, corporation=request.corporation)
    except Hold.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        try:
            hold_release(
                hold=hold,
                as_of=clock.today(),
                reason=_("Opgeheven door een medewerker."),
                actor=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Wachtcode opgeheven. De volgende run hervat het traject."))
    return back_to_card(hold.contract)
