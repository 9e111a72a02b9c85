"""Paying (a pay request for the whole balance, an amount or an instalment, with a QR code for another
device), asking for help, an invoice copy, and the tenant's contact details."""

import io
from decimal import Decimal

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.money import format_euro
from vangnet.messaging.links import payment_link
from vangnet.messaging.models import OutgoingMessage
from vangnet.payments.selectors import online_payment_available, payment_request_by_token
from vangnet.portal import services
from vangnet.portal.forms.actions import (
    ContactForm,
    DebitAccountForm,
    HelpForm,
    InvoiceCopyForm,
    PayForm,
    PostalAddressForm,
)
from vangnet.portal.selectors import portal_overview, tenant_contract, tenant_contracts, tenant_entry
from vangnet.portal.session import portal_view, second_check_required
from vangnet.portal.views.common import (
    field_errors,
    foreign_entry_named,
    not_found,
    page,
    with_tenant_contract,
)
from vangnet.tenants.services import PostalAddress


def _next_instalment(contract_view) -> Decimal | None:
    arrangement = contract_view.active_arrangement
    if arrangement is None:
        return None
    today = clock.today()
    upcoming = [i for i in arrangement.installments.all() if i.due_date >= today]
    return upcoming[0].amount if upcoming else None


@require_http_methods(["GET", "POST"])
@portal_view
def pay(request: HttpRequest, contract_id: int) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    overview = portal_overview(tenant=portal.tenant, as_of=clock.today())
    view = next((c for c in overview.contracts if c.contract.pk == contract_id), None)
    contract = tenant_contract(tenant=portal.tenant, contract_id=contract_id)
    if view is None or contract is None or not online_payment_available(corporation=portal.corporation):
        return not_found(request)
    instalment = _next_instalment(view)
    if instalment is not None and instalment > view.balance:
        instalment = None
    form = PayForm(request.POST or None, balance=view.balance, instalment=instalment)
    if view.balance <= 0:
        return page(request, "portal/pay_choose.html", contract=view, form=None)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        amount = {PayForm.WHOLE: None, PayForm.INSTALMENT: instalment}.get(
            choice, form.cleaned_data["amount"]
        )
        try:
            request_ = services.portal_pay_request(
                tenant=portal.tenant,
                contract=contract,
                amount=amount,
                instalment=choice == PayForm.INSTALMENT,
            )
        except ApplicationError as exc:
            form.add_error("amount" if choice == PayForm.CHOSEN else None, exc.message)
        else:
            return redirect("portal:pay_ready", token=request_.token)
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/pay_choose.html", status=status, contract=view, form=form)


@require_GET
@portal_view
def pay_ready(request: HttpRequest, token: str) -> HttpResponse:
    """The pay button for this device, and a QR code of the same link for paying on a phone."""
    portal = request.portal  # type: ignore[attr-defined]
    found = payment_request_by_token(token=token, corporation=portal.corporation)
    if found is None or tenant_contract(tenant=portal.tenant, contract_id=found.contract_id) is None:
        return not_found(request)
    return page(request, "portal/pay_ready.html", payment_request=found, link=payment_link(found.token))


@require_GET
@portal_view
def pay_qr(request: HttpRequest, token: str) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    found = payment_request_by_token(token=token, corporation=portal.corporation)
    if found is None or tenant_contract(tenant=portal.tenant, contract_id=found.contract_id) is None:
        return not_found(request)
    title = _("QR-code van de betaallink")
    # A standalone SVG document (with its namespace): svg_inline's markup is for inside HTML and an <img>
    # refuses it.
    svg = io.BytesIO()
    segno.make_qr(payment_link(found.token), error="m").save(svg, kind="svg", scale=5, title=str(title))
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


@require_http_methods(["GET", "POST"])
@portal_view
def help_request(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    contracts = list(tenant_contracts(tenant=portal.tenant))
    initial = {"phone": portal.tenant.phone_mobile or portal.tenant.phone_home}
    form = HelpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_help_request(
                tenant=portal.tenant,
                contract=contracts[0] if contracts else None,
                topic=form.cleaned_data["topic"],
                message=form.cleaned_data["message"],
                phone=form.cleaned_data["phone"],
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return page(request, "portal/help_done.html", topic=form.cleaned_data["topic"])
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/help.html", status=status, form=form)


@require_http_methods(["GET", "POST"])
@portal_view
def invoice_copy(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    overview = portal_overview(tenant=portal.tenant, as_of=clock.today())
    choices = [
        (
            str(line.entry.pk),
            f"{line.entry.label or line.entry.source_id} · {format_euro(line.entry.amount)}",
        )
        for view in overview.contracts
        for line in sorted(
            view.open_items + view.paid_items, key=lambda line: line.entry.due_date, reverse=True
        )
    ]
    if foreign_entry_named(request, "entry", portal.tenant):
        return not_found(request)
    form = InvoiceCopyForm(request.POST or None, entries=choices)
    if request.method == "POST" and form.is_valid():
        entry = None
        if form.cleaned_data["entry"]:
            entry = tenant_entry(tenant=portal.tenant, entry_id=form.cleaned_data["entry"])
            if entry is None:
                return not_found(request)
        contract = entry.contract if entry else tenant_contracts(tenant=portal.tenant).first()
        if contract is None:
            return not_found(request)
        try:
            result = services.portal_invoice_copy_request(
                tenant=portal.tenant,
                entry=entry,
                contract=contract,
                note=form.cleaned_data["note"],
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            sent = isinstance(result, OutgoingMessage)
            return page(request, "portal/invoice_copy_done.html", sent=sent, email=portal.tenant.email)
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/invoice_copy.html", status=status, form=form)


@require_http_methods(["GET", "POST"])
@portal_view
@second_check_required
def contact(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    tenant = portal.tenant
    today = clock.today()
    contracts = list(tenant_contracts(tenant=tenant))
    # A tenant who moved out gives the address where we can reach them; a current tenant lives in the unit.
    departed = bool(contracts) and all(c.end_date is not None and c.end_date < today for c in contracts)
    initial = {"email": tenant.email, "phone_mobile": tenant.phone_mobile, "phone_home": tenant.phone_home}
    form = ContactForm(request.POST or None, initial=initial)
    address_form = None
    if departed:
        address_initial = {
            "street": tenant.street,
            "house_number": tenant.house_number,
            "house_number_suffix": tenant.house_number_suffix,
            "postcode": tenant.postcode,
            "city": tenant.city,
        }
        address_form = PostalAddressForm(request.POST or None, initial=address_initial, prefix="adres")
    if request.method == "POST" and form.is_valid() and (address_form is None or address_form.is_valid()):
        address = PostalAddress(**address_form.cleaned_data) if address_form is not None else None
        try:
            changed = services.portal_contact_update(
                tenant=tenant,
                email=form.cleaned_data["email"],
                phone_mobile=form.cleaned_data["phone_mobile"],
                phone_home=form.cleaned_data["phone_home"],
                address=address,
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            field_errors(form, exc.extra)
            if address_form is not None:
                field_errors(address_form, exc.extra)
        else:
            if changed:
                messages.success(request, _("Dank u wel. Uw gegevens zijn aangepast."))
            else:
                messages.info(request, _("Er is niets veranderd."))
            return redirect("portal:overview")
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/contact.html", status=status, form=form, address_form=address_form)


@require_http_methods(["GET", "POST"])
@portal_view
@second_check_required
@with_tenant_contract
def debit_account(request: HttpRequest, contract) -> HttpResponse:
    """A new account for the direct debit: what the storno message points to."""
    portal = request.portal  # type: ignore[attr-defined]
    form = DebitAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_debit_account_change(
                tenant=portal.tenant,
                contract=contract,
                iban=form.cleaned_data["iban"],
                account_holder=form.cleaned_data["account_holder"],
                consent=form.cleaned_data["consent"],
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            field = exc.extra.get("field")
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Dank u wel. We hebben uw nieuwe rekeningnummer ontvangen. We zetten het in onze "
                    "administratie. Daarna schrijven we de huur van deze rekening af."
                ),
            )
            return redirect("portal:overview")
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/debit_account.html", status=status, form=form, contract=contract)
