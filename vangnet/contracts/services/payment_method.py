"""Change payment method: to direct debit (IBAN checked with schwifty, a collection day, the SEPA mandate
signed in the portal with the one-time code and the typed name) or back to transfer; within the
corporation's rule (no switch to direct debit after repeated returns), applied to the contract so the next
pain.008 collects it, and sent to the ERP as `contract.payment_method_changed`."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scope

from vangnet.cases.models import Audience, EntryKind
from vangnet.cases.services.common import entry_add
from vangnet.cases.services.opening import case_open
from vangnet.contracts.models import ChangeStatus, CodePurpose, PaymentMethodChange, RentDebit
from vangnet.contracts.rules import debit_refused
from vangnet.contracts.services.common import case_type_of_kind, code_message_as_sent, signing_code_send
from vangnet.contracts.services.letting import name_matches
from vangnet.contracts.services.mandate import (
    MandateDetails,
    mandate_check,
    mandate_id_for,
    mandate_payload,
    mandate_record,
    pending_change_replace,
)
from vangnet.contracts.signing import code_check
from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract, LedgerEntry, PaymentMethod
from vangnet.ledger.models import EntryKind as LedgerKind
from vangnet.ledger.services.imports import AppliedImport
from vangnet.tenants.models import Tenant


def returns_count(*, contract: Contract, months: int, as_of: dt.date) -> int:
    """The contract's returned direct debits (storno's) in the last `months` months: one COUNT query."""
    since = as_of - dt.timedelta(days=round(months * 30.44))
    return LedgerEntry.objects.filter(
        contract=contract, kind=LedgerKind.REVERSAL, booking_date__gt=since, booking_date__lte=as_of
    ).count()


def payment_method_code_send(
    *, contract: Contract, tenant: Tenant, now: dt.datetime, channel: str = "email"
) -> str:
    return signing_code_send(
        case=None,
        tenant=tenant,
        purpose=CodePurpose.MANDATE,
        subject_id=contract.pk,
        what=gettext("een machtiging voor automatische incasso"),
        now=now,
        actor="portal",
        channel=channel,
    )


def payment_method_change(
    *,
    contract: Contract,
    tenant: Tenant,
    method: str,
    now: dt.datetime,
    iban: str = "",
    account_holder: str = "",
    collection_day: int | None = None,
    code: str = "",
    name: str = "",
) -> PaymentMethodChange:
    """Every problem is named before anything is written; a wrong code only counts a failure."""
    as_of = now.date()
    case_type = case_type_of_kind(contract.corporation, "payment_method")
    settings = case_type.settings or {}
    if not contract.parties.filter(tenant=tenant, removed_from_source_at__isnull=True).exists():
        raise ApplicationError(gettext("Dit contract hoort niet bij u."), extra={"field": "method"})
    if method not in (PaymentMethod.DIRECT_DEBIT, PaymentMethod.TRANSFER):
        raise ApplicationError(gettext("Kies een betaalwijze."), extra={"field": "method"})
    if method == contract.payment_method:
        raise ApplicationError(
            gettext("U betaalt al op deze manier. U hoeft niets te veranderen."), extra={"field": "method"}
        )
    details: MandateDetails | None = None
    mandate_id = ""
    if method == PaymentMethod.DIRECT_DEBIT:
        returns = returns_count(
            contract=contract, months=int(settings.get("returns_months", 12)), as_of=as_of
        )
        if debit_refused(returns=returns, limit=int(settings.get("max_returns", 3))):
            raise ApplicationError(
                gettext(
                    "Automatische incasso kan nu niet: de laatste tijd konden wij de huur een paar keer niet "
                    "afschrijven. Betaal met een overboeking, of bel ons."
                ),
                extra={"field": "method"},
            )
        details = mandate_check(
            iban=iban, account_holder=account_holder, collection_day=collection_day, settings=settings
        )
        mandate_id = mandate_id_for(contract, now)
    if not name_matches(name or "", tenant):
        raise ApplicationError(
            gettext("Typ uw volledige naam. Dat is uw handtekening."), extra={"field": "name"}
        )
    with transaction.atomic():
        used = code_check(
            tenant=tenant, purpose=CodePurpose.MANDATE, subject_id=contract.pk, code=code, now=now
        )
    with transaction.atomic():
        case = case_open(
            case_type=case_type,
            as_of=as_of,
            actor=f"portal:{tenant.pk}",
            channel="portal" if case_type.portal else "api",
            answers={},
            tenant=tenant,
            unit=contract.unit,
            subject=gettext("Betaalwijze: %(method)s") % {"method": PaymentMethod(method).label},
        )
        if sent := code_message_as_sent(used):
            entry_add(case, EntryKind.MESSAGE, Audience.PARTY, sent, actor="portal")
        if details is not None:
            change = mandate_record(
                contract=contract,
                tenant=tenant,
                case=case,
                details=details,
                mandate_id=mandate_id,
                signed_name=name,
                now=now,
            )
        else:
            change = pending_change_replace(
                contract=contract, tenant=tenant, case=case, method=method, signed_name=name, now=now
            )
            contract.payment_method = PaymentMethod.TRANSFER
            contract.save(update_fields=["payment_method"])
            RentDebit.objects.filter(contract=contract).update(active=False)
        log_action(
            corporation=contract.corporation,
            actor=f"portal:{tenant.pk}",
            action="contract.payment_method_changed",
            obj=change,
            data={"method": method, "iban_end": change.iban[-4:]},
        )
        event_publish(
            corporation=contract.corporation,
            type="contract.payment_method_changed",
            payload={"tenant_id": tenant.source_id, **mandate_payload(contract, change, as_of=as_of)},
        )
    return change


def _shows(contract: Contract, change: PaymentMethodChange) -> bool:
    """Whether the ERP's contract shows the change: the method, and for direct debit the same account."""
    if contract.payment_method != change.method:
        return False
    return change.method != PaymentMethod.DIRECT_DEBIT or contract.debit_iban == change.iban


def pending_changes_after_import(applied: AppliedImport) -> None:
    """After an ERP delivery (a hook of the ledger import): a pending change of payment method whose
    contract the delivery lists with the new method is processed; one it lists the old way is put back on
    the contract, so the next pain.008 still collects (or no longer collects) as the tenant signed. A few
    queries, whatever the size of the delivery."""
    with scope(corporation=applied.corporation):
        _pending_changes_check(applied)


def _pending_changes_check(applied: AppliedImport) -> None:
    pending = list(
        PaymentMethodChange.objects.filter(corporation=applied.corporation, status=ChangeStatus.PENDING)
        .select_related("contract")
        .order_by("pk")
    )
    listed = applied.listed_contracts([change.contract.source_id for change in pending])
    processed: list[PaymentMethodChange] = []
    restored: list[Contract] = []
    now = clock.now()
    for change in pending:
        contract = change.contract
        if contract.source_id not in listed:
            continue
        if _shows(contract, change):
            change.status, change.processed_at = ChangeStatus.PROCESSED, now
            processed.append(change)
            continue
        contract.payment_method = change.method
        if change.method == PaymentMethod.DIRECT_DEBIT:
            contract.mandate_id, contract.debit_iban = change.mandate_id, change.iban
            contract.mandate_date = timezone.localdate(change.signed_at) if change.signed_at else None
        restored.append(contract)
    PaymentMethodChange.objects.bulk_update(processed, ["status", "processed_at"])
    Contract.objects.bulk_update(restored, ["payment_method", "mandate_id", "mandate_date", "debit_iban"])
    if processed or restored:
        log_action(
            corporation=applied.corporation,
            actor="system",
            action="contract.payment_method_checked",
            obj=applied.run,
            data={"processed": len(processed), "kept": [c.source_id for c in restored]},
        )
