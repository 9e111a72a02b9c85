"""SEPA direct-debit collection files (pain.008.001.02), built with sepaxml and checked against its XSD.

direct_debit_items_due (a selector) finds the instalments due on a collection date for contracts that pay
by direct debit, and the monthly rent of contracts whose tenant chose direct debit with that collection day
in the portal (rent_debit_items_due); direct_debit_export (the service) validates everything first — the corporation's creditor
details and, per contract, the mandate, the IBAN and the amount — and either writes nothing and raises
with every problem, or returns the file and an export record. The same collection (date, mandates and
amounts) is refused a second time unless the caller says it is a repeat.
"""

import datetime as dt
import hashlib
import json
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaDD

from vangnet.arrangements.models import ArrangementPaymentMethod, ArrangementStatus, Installment
from vangnet.contracts.models import RentDebit
from vangnet.core import clock
from vangnet.core.audit import Actor, actor_fields, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract, ContractRole, ContractTenant, LedgerEntry, PaymentMethod
from vangnet.payments.models import DirectDebitExport

SCHEMA = "pain.008.001.02"
SEQUENCE_TYPE = "RCUR"  # since the 2016 rulebook a first collection may also be sent as RCUR


@dataclass(frozen=True)
class DebitItem:
    contract_id: int
    amount: Decimal
    description: str = ""
    # An arrangement with its own mandate (a different account than the rent's); blank: the contract's.
    mandate_id: str = ""
    mandate_date: dt.date | None = None
    iban: str = ""


_END_TO_END_ID = re.compile(r"^VNG(\d+)-(\d+)$")


def debit_end_to_end_id(export_id: int, contract_id: int) -> str:
    """The end-to-end id of one collection in an export; at most 35 characters by the rulebook."""
    return f"VNG{export_id}-{contract_id}"[:35]


def debit_of_end_to_end_id(value: str) -> tuple[int, int] | None:
    """(export id, contract id) of an end-to-end id we issued, or None for anyone else's."""
    found = _END_TO_END_ID.match(value or "")
    return (int(found[1]), int(found[2])) if found else None


def direct_debit_items_due(*, corporation: Corporation, collection_date: dt.date) -> list[DebitItem]:
    """The instalments due on the date of active arrangements paid by direct debit: by the arrangement's
    own payment method, or (an arrangement that names none, as the ERP's) by the contract's."""
    rows = (
        Installment.objects.filter(
            corporation=corporation,
            due_date=collection_date,
            arrangement__status=ArrangementStatus.ACTIVE,
        )
        .filter(
            Q(arrangement__payment_method=ArrangementPaymentMethod.DIRECT_DEBIT)
            | Q(
                arrangement__payment_method="",
                arrangement__contract__payment_method=PaymentMethod.DIRECT_DEBIT,
            )
        )
        .values_list(
            "arrangement__contract_id",
            "amount",
            "sequence",
            "arrangement__mandate_id",
            "arrangement__mandate_date",
            "arrangement__debit_iban",
        )
        .order_by("arrangement__contract_id", "sequence")
    )
    items = [
        DebitItem(
            contract_id,
            amount,
            f"Termijn {sequence} betalingsregeling",
            mandate_id=mandate_id if iban else "",
            mandate_date=mandate_date if iban else None,
            iban=iban,
        )
        for contract_id, amount, sequence, mandate_id, mandate_date, iban in rows
    ]
    return items + rent_debit_items_due(corporation=corporation, collection_date=collection_date)


def rent_debit_items_due(*, corporation: Corporation, collection_date: dt.date) -> list[DebitItem]:
    """The monthly rent of contracts that chose direct debit in the portal (`contracts.RentDebit`) with
    this collection day, from the contract's start date (a new letting's mandate waits for it): the month's
    rent, or less when less is open; nothing when nothing is open. One query, whatever the number of
    contracts."""
    balance = (
        LedgerEntry.objects.filter(contract_id=OuterRef("contract_id"))
        .values("contract_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        RentDebit.objects.filter(
            corporation=corporation,
            active=True,
            collection_day=collection_date.day,
            contract__payment_method=PaymentMethod.DIRECT_DEBIT,
            contract__start_date__lte=collection_date,
        )
        .annotate(balance=Subquery(balance))
        .filter(balance__gt=0)
        .values_list("contract_id", "contract__monthly_rent", "contract__monthly_service_costs", "balance")
        .order_by("contract_id")
    )
    month = f"{collection_date:%m-%Y}"
    return [
        DebitItem(contract_id, min(rent + costs, Decimal(balance)), f"Huur {month}")
        for contract_id, rent, costs, balance in rows
    ]


def _valid_iban(value: str) -> str | None:
    try:
        return IBAN(value).compact
    except SchwiftyException:
        return None


def _creditor_problems(corporation: Corporation) -> list[dict]:
    problems = []
    if not corporation.creditor_id:
        problems.append({"field": "creditor_id", "reason": gettext("De corporatie heeft geen incassant-ID.")})
    if not _valid_iban(corporation.iban):
        problems.append({"field": "iban", "reason": gettext("De IBAN van de corporatie is niet geldig.")})
    try:
        BIC(corporation.bic)
    except SchwiftyException:
        problems.append({"field": "bic", "reason": gettext("De BIC van de corporatie is niet geldig.")})
    return problems


def _fingerprint(collection_date: dt.date, lines: list[dict]) -> str:
    key = [
        collection_date.isoformat(),
        sorted((line["mandate_id"], line["iban"], line["amount"]) for line in lines),
    ]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()


def direct_debit_export(
    *,
    corporation: Corporation,
    collection_date: dt.date,
    items: Sequence[DebitItem],
    actor: Actor,
    repeat: bool = False,
) -> tuple[DirectDebitExport, bytes]:
    today = clock.today()
    problems = _creditor_problems(corporation)
    if collection_date <= today:
        problems.append(
            {"field": "collection_date", "reason": gettext("De incassodatum moet na vandaag liggen.")}
        )
    if not items:
        problems.append({"field": "items", "reason": gettext("Er is niets te incasseren op deze datum.")})
    contract_ids = {item.contract_id for item in items}
    contracts = {c.pk: c for c in Contract.objects.filter(corporation=corporation, pk__in=contract_ids)}
    balances = dict(
        LedgerEntry.objects.filter(corporation=corporation, contract_id__in=contract_ids)
        .values_list("contract_id")
        .annotate(total=Sum("amount"))
        .values_list("contract_id", "total")
    )
    names: dict[int, str] = {}
    for party in (
        ContractTenant.objects.filter(
            corporation=corporation, contract_id__in=contract_ids, removed_from_source_at__isnull=True
        )
        .select_related("tenant")
        .order_by("contract_id", "role", "id")
    ):
        # The main tenant's name; a co-tenant's only when the contract has no main tenant.
        if party.role == ContractRole.MAIN:
            names[party.contract_id] = party.tenant.display_name
        else:
            names.setdefault(party.contract_id, party.tenant.display_name)
    asked: dict[int, Decimal] = {}
    lines: list[dict] = []
    for item in items:
        contract = contracts.get(item.contract_id)
        where = {"contract": contract.source_id if contract else str(item.contract_id)}
        if contract is None:
            problems.append({**where, "reason": gettext("Dit contract bestaat niet bij deze corporatie.")})
            continue
        own_mandate = bool(item.iban)
        mandate_id = item.mandate_id if own_mandate else contract.mandate_id
        mandate_date = item.mandate_date if own_mandate else contract.mandate_date
        if not own_mandate and contract.payment_method != PaymentMethod.DIRECT_DEBIT:
            problems.append(
                {**where, "reason": gettext("Dit contract betaalt niet per automatische incasso.")}
            )
        if not mandate_id or mandate_date is None:
            problems.append({**where, "reason": gettext("Machtigingskenmerk of datum machtiging ontbreekt.")})
        iban = _valid_iban(item.iban if own_mandate else contract.debit_iban)
        if iban is None:
            problems.append({**where, "reason": gettext("De IBAN voor de incasso is niet geldig.")})
        if item.amount <= 0 or item.amount != item.amount.quantize(Decimal("0.01")):
            problems.append({**where, "reason": gettext("Het bedrag moet positief zijn, in centen.")})
            continue
        asked[contract.pk] = asked.get(contract.pk, Decimal(0)) + item.amount
        if asked[contract.pk] > Decimal(balances.get(contract.pk) or 0):
            problems.append({**where, "reason": gettext("Er wordt meer geïncasseerd dan er openstaat.")})
        lines.append(
            {
                "contract_id": contract.pk,
                "contract": contract.source_id,
                "mandate_id": mandate_id,
                "mandate_date": mandate_date.isoformat() if mandate_date else "",
                "iban": iban or "",
                "name": names.get(contract.pk) or contract.source_id,
                "amount": f"{item.amount:.2f}",
                "description": (item.description or f"Huur {contract.source_id}")[:140],
            }
        )
    if problems:
        raise ApplicationError(
            gettext("Het incassobestand is niet gemaakt; er is niets veranderd."), extra={"errors": problems}
        )
    fingerprint = _fingerprint(collection_date, lines)
    original = DirectDebitExport.objects.filter(
        corporation=corporation, fingerprint=fingerprint, repeat_of__isnull=True
    ).first()
    if original is not None and not repeat:
        raise ApplicationError(
            gettext("Deze incasso is al geëxporteerd op %(when)s (export %(id)s). Is het echt een herhaling?")
            % {"when": timezone.localtime(original.created_at).strftime("%d-%m-%Y %H:%M"), "id": original.pk},
            extra={"code": "already_exported", "export": original.pk},
        )
    try:
        with transaction.atomic():
            record = DirectDebitExport.objects.create(
                corporation=corporation,
                collection_date=collection_date,
                count=len(lines),
                total=sum((Decimal(line["amount"]) for line in lines), Decimal("0.00")),
                message_id="",
                fingerprint=fingerprint,
                file_hash="",
                repeat_of=original if repeat else None,
                items=lines,
                **actor_fields(actor),
            )
            data, message_id = _build(corporation, record, lines, collection_date)
            record.message_id = message_id
            record.file_hash = hashlib.sha256(data).hexdigest()
            record.save(update_fields=["message_id", "file_hash"])
            log_action(
                corporation=corporation,
                actor=actor,
                action="direct_debit.exported",
                obj=record,
                data={
                    "count": record.count,
                    "total": str(record.total),
                    "collection_date": collection_date.isoformat(),
                },
            )
    except IntegrityError:
        raise ApplicationError(
            gettext("Deze incasso is zojuist al geëxporteerd."), extra={"code": "already_exported"}
        ) from None
    return record, data


def _build(corporation: Corporation, record: DirectDebitExport, lines: list[dict], collection_date: dt.date):
    config = {
        "name": corporation.sender_name or corporation.name,
        "IBAN": IBAN(corporation.iban).compact,
        "BIC": str(BIC(corporation.bic)),
        "batch": True,
        "creditor_id": corporation.creditor_id,
        "currency": "EUR",
        "instrument": "CORE",
    }
    with warnings.catch_warnings():
        # sepaxml tests ElementTree elements for truth, which Python 3.12+ deprecates; not our code to fix.
        warnings.filterwarnings("ignore", "Testing an element's truth value", DeprecationWarning)
        sepa = SepaDD(config, schema=SCHEMA, clean=True)
        for line in lines:
            payment = {
                "name": line["name"],
                "IBAN": line["iban"],
                "amount": int(Decimal(line["amount"]) * 100),
                "type": SEQUENCE_TYPE,
                "collection_date": collection_date,
                "mandate_id": line["mandate_id"],
                "mandate_date": dt.date.fromisoformat(line["mandate_date"]),
                "description": line["description"],
                # At most 35 characters; the bank returns it with a storno, so a return finds its collection.
                "endtoend_id": debit_end_to_end_id(record.pk, line["contract_id"]),
            }
            bic = IBAN(line["iban"]).bic
            if bic is not None:
                payment["BIC"] = str(bic)
            sepa.add_payment(payment)
        data = sepa.export(validate=True)  # sepaxml checks the file against its bundled pain.008.001.02 XSD
    return data, sepa.msg_id
