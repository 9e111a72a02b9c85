"""The SEPA direct-debit mandate both processes sign (change payment method, and a letting when the candidate
chooses direct debit): its checks (IBAN by schwifty, the account holder, a collection day the corporation
allows), its text, and how it is recorded (the mandate on the contract, the collection day, the pending
change that keeps it there until the ERP has processed it, the signed text on the case's timeline)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.cases.models import Audience, Case, EntryKind
from vangnet.cases.services.common import entry_add
from vangnet.contracts.models import ChangeStatus, PaymentMethodChange, RentDebit
from vangnet.contracts.rules import next_collection
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import Contract, PaymentMethod
from vangnet.tenants.models import Tenant

ALL_DAYS = list(range(1, 29))


def collection_days(settings: dict) -> list[int]:
    """The collection days the corporation allows (the `betaalwijze` type's `collection_days`; 1-28 when
    it names none). Days outside 1-28 in the setting are ignored: a SEPA collection needs a day every month."""
    days = sorted({int(day) for day in settings.get("collection_days") or [] if 1 <= int(day) <= 28})
    return days or ALL_DAYS


@dataclass(frozen=True)
class MandateDetails:
    iban: str
    holder: str
    day: int


def mandate_check(
    *, iban: str, account_holder: str, collection_day: int | None, settings: dict
) -> MandateDetails:
    """The cleaned mandate, or ApplicationError naming the field (iban, account_holder, collection_day)."""
    try:
        compact = IBAN(iban or "").compact
    except SchwiftyException:
        raise ApplicationError(
            gettext("Dit rekeningnummer (IBAN) klopt niet. Kijk het nog eens na."), extra={"field": "iban"}
        ) from None
    holder = " ".join((account_holder or "").split())[:70]
    if not holder:
        raise ApplicationError(
            gettext("Vul de naam in die bij dit rekeningnummer hoort."), extra={"field": "account_holder"}
        )
    days = collection_days(settings)
    if collection_day is None or collection_day not in days:
        if days == ALL_DAYS:
            message = gettext("Kies een dag van 1 tot en met 28.")
        else:
            message = gettext("Kies een van deze dagen: %(days)s.") % {
                "days": ", ".join(str(day) for day in days)
            }
        raise ApplicationError(message, extra={"field": "collection_day"})
    return MandateDetails(iban=compact, holder=holder, day=collection_day)


def mandate_id_for(contract: Contract, now: dt.datetime) -> str:
    return f"VNG-M-{contract.pk}-{now:%Y%m%d%H%M}"[:35]


def mandate_text(
    *, corporation_name: str, creditor_id: str, mandate_id: str, iban: str, holder: str, day: int
) -> str:
    return gettext(
        "Machtiging SEPA-incasso. Door te tekenen geeft %(holder)s toestemming aan %(corporation)s "
        "(incassant-ID %(creditor)s) om elke maand de huur af te schrijven van rekening %(iban)s, "
        "rond de %(day)se van de maand, en aan de bank om dat bedrag af te schrijven. Kenmerk machtiging: "
        "%(mandate)s. Bent u het niet eens met een afschrijving? Dan kunt u die binnen 8 weken laten "
        "terugboeken. Neem hiervoor contact op met uw bank."
    ) % {
        "holder": holder,
        "corporation": corporation_name,
        "creditor": creditor_id,
        "iban": iban,
        "day": day,
        "mandate": mandate_id,
    }


def pending_change_replace(
    *, contract, tenant, case, method: str, signed_name: str, now: dt.datetime, **mandate: object
) -> PaymentMethodChange:
    """The tenant's signed change, replacing any change still pending (the newest signature counts)."""
    PaymentMethodChange.objects.filter(contract=contract, status=ChangeStatus.PENDING).update(
        status=ChangeStatus.SUPERSEDED
    )
    return PaymentMethodChange.objects.create(
        corporation=contract.corporation,
        contract=contract,
        tenant=tenant,
        case=case,
        method=method,
        signed_name=" ".join(signed_name.split())[:200],
        signed_at=now,
        **mandate,
    )


def mandate_record(
    *,
    contract: Contract,
    tenant: Tenant,
    case: Case,
    details: MandateDetails,
    mandate_id: str,
    signed_name: str,
    now: dt.datetime,
) -> PaymentMethodChange:
    """A signed mandate: the pending change (which the ERP's deliveries cannot undo until they show it), the
    mandate text with the signature on the case's timeline, the mandate on the contract and the collection
    day, so the next pain.008 on that day collects the rent. Call inside the caller's transaction."""
    change = pending_change_replace(
        contract=contract,
        tenant=tenant,
        case=case,
        method=PaymentMethod.DIRECT_DEBIT,
        signed_name=signed_name,
        now=now,
        iban=details.iban,
        account_holder=details.holder,
        collection_day=details.day,
        mandate_id=mandate_id,
    )
    text = mandate_text(
        corporation_name=contract.corporation.name,
        creditor_id=contract.corporation.creditor_id,
        mandate_id=mandate_id,
        iban=details.iban,
        holder=details.holder,
        day=details.day,
    )
    signature = gettext("Getekend door %(name)s op %(when)s, na controle met een eenmalige code.") % {
        "name": change.signed_name,
        "when": now.strftime("%d-%m-%Y %H:%M"),
    }
    entry_add(case, EntryKind.DOCUMENT, Audience.PARTY, f"{text}\n\n{signature}", actor="portal")
    contract.payment_method = PaymentMethod.DIRECT_DEBIT
    contract.mandate_id, contract.mandate_date, contract.debit_iban = mandate_id, now.date(), details.iban
    contract.save(update_fields=["payment_method", "mandate_id", "mandate_date", "debit_iban"])
    RentDebit.objects.update_or_create(
        corporation=contract.corporation,
        contract=contract,
        defaults={"collection_day": details.day, "active": True},
    )
    return change


def mandate_payload(
    contract: Contract, change: PaymentMethodChange, *, as_of: dt.date, not_before: dt.date | None = None
) -> dict:
    """What the ERP hears of a payment method (in `contract.payment_method_changed` and `letting.signed`):
    for direct debit the mandate and the first collection, strictly after `as_of` and not before
    `not_before` (a new contract's start date)."""
    first = None
    if change.collection_day:
        after = max(as_of, not_before - dt.timedelta(days=1)) if not_before else as_of
        first = next_collection(day=change.collection_day, as_of=after).isoformat()
    return {
        "contract_id": contract.source_id,
        "method": change.method,
        "iban": change.iban,
        "account_holder": change.account_holder,
        "collection_day": change.collection_day,
        "mandate_id": change.mandate_id,
        "mandate_date": timezone.localdate(change.signed_at).isoformat()
        if change.mandate_id and change.signed_at
        else None,
        "first_collection": first,
    }
