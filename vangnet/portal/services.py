"""What a tenant does on the portal besides paying through a request: ask for help, ask for a copy of an
invoice, correct their contact details, give a new account for the direct debit, get a pay link for a
chosen amount.

Each action writes one audit entry `portal.<action>` with the tenant as object (the tenant's portal
timeline on the staff card) and, when the ERP should know, one event `portal.<action>`. Opening the
portal goes to the audit log and, once per tenant and day, to the portal visits the channels report counts
(see access.py); no event: the ERP does not need every visit.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.money import quantize
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.notices import CONTACT_CHANNELS, contact_change_notices, notice_send
from vangnet.payments.models import PaymentPurpose, PaymentRequest
from vangnet.payments.services import payment_request_create
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import task_create
from vangnet.tenants.models import Tenant
from vangnet.tenants.services import PostalAddress, tenant_contact_update

ACTOR = "portal"
INVOICE_COPY_TEMPLATE = "kopie-factuur"


class HelpTopic:
    TALK = "talk"
    DEBT_HELP = "debt_help"
    CANNOT_PAY = "cannot_pay"
    OTHER = "other"

    choices = (TALK, DEBT_HELP, CANNOT_PAY, OTHER)


HELP_TITLES = {
    HelpTopic.TALK: "Huurder wil iemand spreken",
    HelpTopic.DEBT_HELP: "Huurder vraagt om hulp bij schulden",
    HelpTopic.CANNOT_PAY: "Huurder kan de huur niet betalen",
    HelpTopic.OTHER: "Vraag van huurder via het portaal",
}


def tenant_ref(tenant: Tenant) -> dict[str, str]:
    return {"tenant_id": tenant.source_id}


def contract_ref(contract: Contract | None) -> dict[str, str]:
    return {"contract_id": contract.source_id if contract else ""}


def portal_pay_request(
    *, tenant: Tenant, contract: Contract, amount: Decimal | None, instalment: bool = False
) -> PaymentRequest:
    """A pay request for the whole balance (amount None), a chosen amount or an instalment."""
    if amount is not None:
        amount = quantize(amount)
    with transaction.atomic():
        request = payment_request_create(
            corporation=tenant.corporation,
            contract=contract,
            amount=amount,
            purpose=PaymentPurpose.INSTALMENT if instalment else PaymentPurpose.OPEN_BALANCE,
            description=gettext("Huur %(contract)s") % {"contract": contract.source_id},
            actor=ACTOR,
        )
        log_action(
            corporation=tenant.corporation,
            actor=ACTOR,
            action="portal.pay_requested",
            obj=tenant,
            data={"contract": contract.pk, "amount": str(request.amount), "payment_request": request.pk},
        )
    return request


def portal_help_request(
    *, tenant: Tenant, contract: Contract | None, topic: str, message: str, phone: str, as_of: dt.date
) -> Task:
    """'I want to talk to someone': a task with priority for a colleague; debt help is urgent."""
    if topic not in HelpTopic.choices:
        raise ApplicationError(
            gettext("Kies waar uw vraag over gaat."), extra={"fields": {"topic": "required"}}
        )
    message = message.strip()[:2000]
    priority = (
        TaskPriority.URGENT if topic in (HelpTopic.DEBT_HELP, HelpTopic.CANNOT_PAY) else TaskPriority.HIGH
    )
    description = "\n\n".join(
        part for part in (message, f"Bel terug op: {phone.strip()}" if phone.strip() else "") if part
    )
    with transaction.atomic():
        task = task_create(
            corporation=tenant.corporation,
            kind=TaskKind.HELP_REQUEST,
            title=f"{HELP_TITLES[topic]}: {tenant.display_name}",
            description=description,
            due_on=as_of + dt.timedelta(days=1),
            source=TaskSource.PORTAL,
            # A double tap on the button, or the same question twice on one day, is one task.
            source_key=f"portal-help:{tenant.pk}:{topic}:{as_of.isoformat()}",
            contract=contract,
            tenant=tenant,
            priority=priority,
            actor=ACTOR,
        )
        log_action(
            corporation=tenant.corporation,
            actor=ACTOR,
            action="portal.help_requested",
            obj=tenant,
            data={"topic": topic, "task": task.pk},
        )
        event_publish(
            corporation=tenant.corporation,
            type="portal.help_requested",
            payload=tenant_ref(tenant) | contract_ref(contract) | {"topic": topic, "task_id": task.pk},
        )
    return task


def portal_invoice_copy_request(
    *, tenant: Tenant, entry: LedgerEntry | None, contract: Contract, note: str = "", as_of: dt.date
) -> OutgoingMessage | Task:
    """A copy of an invoice: e-mailed at once when the ledger has it and the tenant has an e-mail address;
    otherwise (no address, or an invoice the tenant describes but we cannot find) a task for a colleague."""
    if entry is not None and entry.contract_id != contract.pk:
        raise ApplicationError(gettext("Deze factuur hoort niet bij dit contract."))
    if entry is None and not note.strip():
        raise ApplicationError(
            gettext("Kies een factuur, of schrijf op welke factuur u zoekt."),
            extra={"fields": {"note": "required"}},
        )
    with transaction.atomic():
        result: OutgoingMessage | Task | None = None
        if entry is not None and tenant.email and not tenant.no_email:
            result = notice_send(
                tenant=tenant,
                contract=contract,
                template_code=INVOICE_COPY_TEMPLATE,
                as_of=as_of,
                actor=ACTOR,
                preferred=("email",),
                ledger_entry=entry,
            )
        if result is None:
            what = f"{entry.source_id} ({entry.description})" if entry else note.strip()[:500]
            result = task_create(
                corporation=tenant.corporation,
                kind=TaskKind.INVOICE_COPY,
                title=f"Kopie factuur sturen aan {tenant.display_name}",
                description=f"Gevraagd via het portaal: {what}",
                due_on=as_of + dt.timedelta(days=3),
                source=TaskSource.PORTAL,
                source_key=f"portal-copy:{tenant.pk}:{entry.pk if entry else as_of.isoformat()}",
                contract=contract,
                tenant=tenant,
                actor=ACTOR,
            )
        handled = "email" if isinstance(result, OutgoingMessage) else "task"
        log_action(
            corporation=tenant.corporation,
            actor=ACTOR,
            action="portal.invoice_copy_requested",
            obj=tenant,
            data={"entry": entry.pk if entry else None, "handled": handled},
        )
        event_publish(
            corporation=tenant.corporation,
            type="portal.invoice_copy_requested",
            payload=tenant_ref(tenant)
            | contract_ref(contract)
            | {
                "ledger_entry_id": entry.source_id if entry else "",
                "note": note.strip()[:500],
                "handled": handled,
            },
        )
    return result


def portal_contact_update(
    *,
    tenant: Tenant,
    email: str,
    phone_mobile: str,
    phone_home: str,
    address: PostalAddress | None = None,
    as_of: dt.date,
) -> list[str]:
    """The tenant's own e-mail and phone numbers (and postal address after moving out); the ERP is told
    the new values, since it is the source of the tenant's details."""
    previous = {field: getattr(tenant, field) for field, _ in CONTACT_CHANNELS}
    with transaction.atomic():
        changed = tenant_contact_update(
            tenant=tenant,
            email=email,
            phone_mobile=phone_mobile,
            phone_home=phone_home,
            address=address,
            actor=ACTOR,
            action="portal.contact_updated",
        )
        if changed:
            event_publish(
                corporation=tenant.corporation,
                type="portal.contact_updated",
                payload=tenant_ref(tenant) | {"changed": {name: getattr(tenant, name) for name in changed}},
            )
            # The old e-mail address and mobile number hear of the change (someone else may have made it).
            contact_change_notices(tenant=tenant, previous=previous, as_of=as_of, actor=ACTOR)
    return changed


def portal_debit_account_change(
    *, tenant: Tenant, contract: Contract, iban: str, account_holder: str, consent: bool, as_of: dt.date
) -> dict[str, str]:
    """A new account for the direct debit (after a storno, or a new bank): the IBAN checked, the tenant's
    consent to a new SEPA mandate recorded, and the ERP told with the mandate reference to use. The ERP
    owns the contract's payment details; the next import brings them back."""
    try:
        compact = IBAN(iban).compact
    except SchwiftyException:
        raise ApplicationError(
            gettext("Dit rekeningnummer (IBAN) klopt niet. Kijk het nog eens na."), extra={"field": "iban"}
        ) from None
    holder = account_holder.strip()
    if not holder:
        raise ApplicationError(
            gettext("Vul de naam in die bij dit rekeningnummer hoort."), extra={"field": "account_holder"}
        )
    if not consent:
        raise ApplicationError(
            gettext("Zonder uw toestemming kunnen we de huur niet automatisch afschrijven."),
            extra={"field": "consent"},
        )
    if compact == contract.debit_iban.replace(" ", "").upper():
        raise ApplicationError(
            gettext("Dit is het rekeningnummer dat we al hebben. U hoeft niets te veranderen."),
            extra={"field": "iban"},
        )
    change = {
        "iban": compact,
        "account_holder": holder[:70],
        "mandate_id": f"VNG-PT-{contract.pk}-{as_of:%Y%m%d}",
        "mandate_date": as_of.isoformat(),
    }
    with transaction.atomic():
        log_action(
            corporation=tenant.corporation,
            actor=ACTOR,
            action="portal.debit_account_changed",
            obj=tenant,
            data={"contract": contract.pk, "iban_end": compact[-4:], "mandate_id": change["mandate_id"]},
        )
        event_publish(
            corporation=tenant.corporation,
            type="portal.debit_account_changed",
            payload=tenant_ref(tenant) | contract_ref(contract) | change,
        )
    return change
