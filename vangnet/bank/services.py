"""bank_statement_import: read a bank file, store each transaction once, match it and book what is certain.

A file is applied whole or not at all. Unreadable files and statements of another account are rejected
with the reason and write nothing but the rejected import. The number of queries does not grow with the
number of transactions: rows go in with one bulk insert, the lookups are fetched once per file.
"""

import hashlib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from django.db import transaction as db_transaction
from django.db.models import Q
from django.utils.translation import gettext

from vangnet.bank.matching import (
    DEFAULT_THRESHOLD,
    ContractFacts,
    Lookups,
    match_transaction,
    normalise_iban,
    references_in,
)
from vangnet.bank.models import (
    BankStatementImport,
    BankTransaction,
    MatchRule,
    StatementImportStatus,
    TransactionStatus,
)
from vangnet.bank.parsers import ParseError, Statement, Transaction, parse_statement
from vangnet.core.audit import actor_fields, log_action
from vangnet.core.clock import today
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.events.services import events_publish_bulk
from vangnet.flows.bookings import enrollments_reevaluate, reversals_follow_up
from vangnet.ledger.models import Contract, ContractStanding, ContractTenant, EntryKind, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings
from vangnet.tasks.models import TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import task_create

# A match from these rules proves the payer's IBAN belongs to the contract; later payments from that IBAN
# without a kenmerk can then be matched on it.
_PROVING_RULES = (MatchRule.PAYMENT_REFERENCE, MatchRule.END_TO_END_ID)


@dataclass(frozen=True)
class _Parsed:
    """A stored row next to the parsed transaction it came from (matching works on the latter)."""

    row: BankTransaction
    transaction: Transaction


def bank_statement_import(
    *,
    corporation: Corporation,
    data: bytes,
    file_name: str,
    actor: User | str | None,
    threshold: Decimal = DEFAULT_THRESHOLD,
) -> BankStatementImport:
    record = BankStatementImport(
        corporation=corporation,
        file_name=file_name[:255],
        file_hash=hashlib.sha256(data).hexdigest(),
        **actor_fields(actor),
    )
    try:
        statements = parse_statement(data, file_name)
    except ParseError as exc:
        return _reject(record, actor=actor, errors=[_error(exc.line, exc.reason_nl, exc.reason_en)])
    record.format = statements[0].format if statements else ""
    own = normalise_iban(corporation.iban)
    foreign = sorted({s.account_iban for s in statements if normalise_iban(s.account_iban) != own})
    if not own or foreign:
        # Booking another account's money on our tenants would be silently wrong; refuse the whole file.
        return _reject(
            record,
            actor=actor,
            errors=[
                _error(
                    None,
                    f"het afschrift is van rekening {', '.join(foreign) or '?'}, niet van de rekening van "
                    f"{corporation.name} ({corporation.iban or 'geen IBAN ingesteld'})",
                    f"the statement is for account {', '.join(foreign) or '?'}, not for the account of "
                    f"{corporation.name} ({corporation.iban or 'no IBAN configured'})",
                )
            ],
        )
    with db_transaction.atomic():
        record.status = StatementImportStatus.APPLIED
        record.save()
        counts = _apply(
            corporation=corporation, record=record, statements=statements, threshold=threshold, actor=actor
        )
        record.counts = counts
        record.save(update_fields=["counts"])
        log_action(
            corporation=corporation, actor=actor, action="bank_import.applied", obj=record, data=counts
        )
    return record


def _reject(
    record: BankStatementImport, *, actor: User | str | None, errors: list[dict]
) -> BankStatementImport:
    record.status = StatementImportStatus.REJECTED
    record.errors = errors
    record.counts = {}
    record.save()
    log_action(
        corporation=record.corporation,
        actor=actor,
        action="bank_import.rejected",
        obj=record,
        data={"errors": errors},
    )
    return record


def _error(line: int | None, reason_nl: str, reason_en: str) -> dict:
    return {"line": line, "reason_nl": reason_nl, "reason_en": reason_en}


def _apply(
    *,
    corporation: Corporation,
    record: BankStatementImport,
    statements: list[Statement],
    threshold: Decimal,
    actor: User | str | None,
) -> dict[str, int]:
    parsed: dict[str, _Parsed] = {}
    total = 0
    for statement in statements:
        for found, checksum in zip(statement.transactions, statement.checksums(), strict=True):
            total += 1
            # An overlapping second statement in the same file repeats a transaction: store it once.
            parsed.setdefault(checksum, _Parsed(_row(corporation, record, statement, found, checksum), found))
    BankTransaction.objects.bulk_create([p.row for p in parsed.values()], ignore_conflicts=True)
    # Rows this import inserted carry its id; a conflict (already imported earlier) kept the old row.
    new = list(
        BankTransaction.objects.filter(corporation=corporation, statement_import=record).order_by("id")
    )
    pending = [_Parsed(row, parsed[row.checksum].transaction) for row in new]

    relevant = [p for p in pending if _is_payment(p.transaction) or _is_return(p.transaction)]
    lookups, payments_by_e2e, payments_by_mandate = _lookups(corporation, [p.transaction for p in relevant])

    booked: list[tuple[_Parsed, LedgerEntry]] = []
    for item in pending:
        _match(item, lookups, threshold)
        if item.row.status == TransactionStatus.MATCHED and _is_payment(item.transaction):
            booked.append((item, _payment_entry(corporation, item)))
    LedgerEntry.objects.bulk_create([entry for _, entry in booked])
    for item, entry in booked:
        item.row.ledger_entry = entry
        # A return later in this same file must find the collection it undoes.
        if item.row.end_to_end_id:
            payments_by_e2e.setdefault(item.row.end_to_end_id, entry.pk)
        if item.row.mandate_id:
            payments_by_mandate[item.row.mandate_id].append((entry.pk, item.row.amount))

    returns: list[tuple[_Parsed, LedgerEntry]] = []
    for item in pending:
        if item.row.status == TransactionStatus.MATCHED and _is_return(item.transaction):
            linked = payments_by_e2e.get(item.row.end_to_end_id) if item.row.end_to_end_id else None
            if linked is None and item.row.mandate_id:
                # Without the end-to-end id, the latest collection of this amount on the mandate.
                same_amount = [
                    pk
                    for pk, amount in payments_by_mandate[item.row.mandate_id]
                    if amount == -item.row.amount
                ]
                linked = same_amount[-1] if same_amount else None
            returns.append((item, _return_entry(corporation, item, linked)))
    LedgerEntry.objects.bulk_create([entry for _, entry in returns])
    for item, entry in returns:
        item.row.ledger_entry = entry

    BankTransaction.objects.bulk_update(
        [p.row for p in relevant],
        [
            "status",
            "matched_contract",
            "suggested_contract",
            "match_rule",
            "confidence",
            "match_reason",
            "ledger_entry",
        ],
    )
    _publish(corporation, booked, returns)
    # Standings are derived from the ledger; a file that booked nothing leaves them as they are.
    if booked or returns:
        as_of = max((p.row.booking_date for p in pending), default=None) or today()
        touched = {entry.contract_id for _, entry in (*booked, *returns)}
        refresh_standings(corporation=corporation, as_of=as_of, contract_ids=touched)
        _after_commit(corporation=corporation, contract_ids=touched, as_of=as_of, actor=actor)
    statuses = [p.row.status for p in relevant]
    unmatched = statuses.count(TransactionStatus.UNMATCHED)
    if unmatched:
        _unmatched_task(corporation, record, unmatched, actor)
    return {
        "transactions": total,
        "transactions_new": len(pending),
        "duplicates": total - len(pending),
        "matched": statuses.count(TransactionStatus.MATCHED),
        "unmatched": statuses.count(TransactionStatus.UNMATCHED),
        "ignored": len(pending) - len(relevant),
        "payments_booked": len(booked),
        "reversals": sum(1 for p in relevant if _is_return(p.transaction)),
        "reversals_booked": len(returns),
    }


def _unmatched_task(
    corporation: Corporation, record: BankStatementImport, unmatched: int, actor: User | str | None
) -> None:
    """Money nobody could place goes on the work list, one task per statement file, with a priority:
    until it is booked, a tenant who paid may still get a reminder."""
    task_create(
        corporation=corporation,
        kind=TaskKind.BANK,
        title=gettext("%(count)s onbekende betaling(en) uitzoeken uit %(file)s")
        % {"count": unmatched, "file": record.file_name},
        description=gettext("Zie Bank > Niet herkende betalingen."),
        due_on=today(),
        source=TaskSource.BANK,
        source_key=f"bank-unmatched:{record.pk}",
        priority=TaskPriority.HIGH,
        actor=actor,
    )


def _row(
    corporation: Corporation,
    record: BankStatementImport,
    statement: Statement,
    item: Transaction,
    checksum: str,
) -> BankTransaction:
    return BankTransaction(
        corporation=corporation,
        statement_import=record,
        account_iban=normalise_iban(statement.account_iban)[:34],
        checksum=checksum,
        bank_reference=(item.bank_reference or "")[:100],
        booking_date=item.booking_date,
        value_date=item.value_date,
        amount=item.amount,
        currency=item.currency[:3],
        counterparty_name=(item.counterparty_name or "")[:200],
        counterparty_iban=normalise_iban(item.counterparty_iban)[:34],
        remittance_text=item.remittance_text or "",
        structured_reference=(item.structured_reference or "")[:35],
        end_to_end_id=(item.end_to_end_id or "")[:35],
        mandate_id=(item.mandate_id or "")[:35],
        return_reason=(item.return_reason or "")[:35],
        is_reversal=item.is_reversal,
        status=TransactionStatus.IGNORED,
    )


def _is_payment(item: Transaction) -> bool:
    return item.currency == "EUR" and item.amount > 0 and not item.is_reversal


def _is_return(item: Transaction) -> bool:
    """Money going back: a returned or refunded collection, or a reversed credit."""
    return item.currency == "EUR" and item.amount < 0 and (item.is_reversal or bool(item.return_reason))


def _match(item: _Parsed, lookups: Lookups, threshold: Decimal) -> None:
    if not (_is_payment(item.transaction) or _is_return(item.transaction)):
        return  # stays ignored: the corporation's own payments and costs are not tenant money
    match = match_transaction(item.transaction, lookups)
    row = item.row
    row.match_rule = match.rule
    row.confidence = match.confidence
    row.match_reason = match.reason[:300]
    if match.accepted(threshold):
        row.status = TransactionStatus.MATCHED
        row.matched_contract_id = match.contract_id
    else:
        row.status = TransactionStatus.UNMATCHED
        row.suggested_contract_id = match.contract_id


def _payment_entry(corporation: Corporation, item: _Parsed) -> LedgerEntry:
    row = item.row
    assert row.matched_contract_id is not None
    references = references_in(item.transaction)
    return LedgerEntry(
        corporation=corporation,
        contract_id=row.matched_contract_id,
        # The checksum prefix is the idempotency key in the ledger too: the unique (corporation, source_id)
        # constraint refuses a second booking of the same bank transaction whatever path it comes by.
        source_id=f"bank-{row.checksum[:20]}",
        kind=EntryKind.PAYMENT,
        booking_date=row.booking_date,
        due_date=row.booking_date,
        amount=-row.amount,
        payment_reference=references[0][:35] if references else "",
        description=f"Bank: {row.counterparty_name or row.counterparty_iban or 'onbekend'}"[:200],
    )


def _return_entry(corporation: Corporation, item: _Parsed, linked: int | None) -> LedgerEntry:
    row = item.row
    assert row.matched_contract_id is not None
    return LedgerEntry(
        corporation=corporation,
        contract_id=row.matched_contract_id,
        source_id=f"bank-{row.checksum[:20]}",
        kind=EntryKind.REVERSAL,
        booking_date=row.booking_date,
        due_date=row.booking_date,
        amount=abs(row.amount),
        linked_entry_id=linked,
        reversal_reason=row.return_reason[:4],
        description=f"Bank: storno {row.return_reason or ''} {row.counterparty_name}".strip()[:200],
    )


def _lookups(
    corporation: Corporation, transactions: list[Transaction]
) -> tuple[Lookups, dict[str, int], dict[str, list[tuple[int, Decimal]]]]:
    """Everything matching needs for these transactions, in a fixed number of queries.

    Also returns the payment entries earlier collections were booked as, by end-to-end id and by mandate,
    so returns can be linked to what they undo.
    """
    references = {ref for t in transactions for ref in references_in(t)}
    e2e_ids = {t.end_to_end_id for t in transactions if t.end_to_end_id}
    mandates = {t.mandate_id for t in transactions if t.mandate_id}
    ibans = {normalise_iban(t.counterparty_iban) for t in transactions if t.counterparty_iban}
    amounts = {t.amount for t in transactions if t.amount > 0}
    contracts = Contract.objects.filter(corporation=corporation, removed_from_source_at__isnull=True)

    by_reference = dict(
        contracts.filter(payment_reference__in=references).values_list("payment_reference", "id")
    )
    by_mandate = dict(contracts.filter(mandate_id__in=mandates).values_list("mandate_id", "id"))
    by_iban: dict[str, set[int]] = defaultdict(set)
    for iban, contract_id in contracts.filter(debit_iban__in=ibans).values_list("debit_iban", "id"):
        by_iban[normalise_iban(iban)].add(contract_id)

    by_e2e: dict[str, int] = {}
    payments_by_e2e: dict[str, int] = {}
    payments_by_mandate: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
    earlier = (
        BankTransaction.objects.filter(corporation=corporation, status=TransactionStatus.MATCHED)
        .filter(
            Q(end_to_end_id__in=e2e_ids)
            | Q(mandate_id__in=mandates)
            | Q(counterparty_iban__in=ibans, match_rule__in=_PROVING_RULES)
        )
        .order_by("booking_date", "id")
        .values_list(
            "end_to_end_id",
            "mandate_id",
            "counterparty_iban",
            "match_rule",
            "matched_contract_id",
            "ledger_entry_id",
            "amount",
        )
    )
    for e2e, mandate, iban, rule, contract_id, entry_id, amount in earlier:
        if e2e in e2e_ids:
            by_e2e[e2e] = contract_id
            if entry_id is not None and amount > 0:
                payments_by_e2e[e2e] = entry_id
        if mandate in mandates and entry_id is not None and amount > 0:
            payments_by_mandate[mandate].append((entry_id, amount))
        if iban in ibans and rule in _PROVING_RULES:
            by_iban[iban].add(contract_id)

    candidate_ids = {*by_reference.values(), *by_mandate.values(), *by_e2e.values()}
    candidate_ids |= {c for ids in by_iban.values() for c in ids}
    balances = dict(
        ContractStanding.objects.filter(corporation=corporation)
        .filter(Q(contract_id__in=candidate_ids) | Q(balance__in=amounts))
        .values_list("contract_id", "balance")
    )
    names: dict[int, list[str]] = defaultdict(list)
    for contract_id, last_name in ContractTenant.objects.filter(
        corporation=corporation, contract_id__in=list(balances), removed_from_source_at__isnull=True
    ).values_list("contract_id", "tenant__last_name"):
        # The last name without tussenvoegsel: payers often leave "de" or "van" out.
        if last_name:
            names[contract_id].append(last_name)
    facts = {
        contract_id: ContractFacts(open_balance=balance, last_names=tuple(names[contract_id]))
        for contract_id, balance in balances.items()
    }
    lookups = Lookups(
        by_payment_reference=by_reference,
        by_end_to_end_id=by_e2e,
        by_mandate_id=by_mandate,
        by_iban={iban: sorted(ids) for iban, ids in by_iban.items()},
        facts=facts,
    )
    return lookups, payments_by_e2e, payments_by_mandate


def bank_transaction_assign(
    *, transaction: BankTransaction, contract: Contract, actor: User
) -> BankTransaction:
    """Books an unmatched transaction on the contract a colleague chose, exactly as a matched one is booked.

    Refuses a transaction that is already matched or ignored, and a contract of another corporation.
    The row is locked first, so two colleagues assigning the same payment cannot both book it.
    """
    if contract.corporation_id != transaction.corporation_id:
        raise ApplicationError(gettext("Dit contract hoort niet bij deze corporatie."))
    with db_transaction.atomic():
        row = BankTransaction.objects.select_for_update().get(
            pk=transaction.pk, corporation_id=transaction.corporation_id
        )
        if row.status != TransactionStatus.UNMATCHED:
            if row.status == TransactionStatus.MATCHED:
                raise ApplicationError(
                    gettext("Deze betaling is al gekoppeld en geboekt; er is niets veranderd.")
                )
            raise ApplicationError(
                gettext("Deze transactie is geen huurbetaling en kan niet worden gekoppeld.")
            )
        corporation = row.corporation
        row.status = TransactionStatus.MATCHED
        row.matched_contract = contract
        row.match_rule = MANUAL_RULE
        row.confidence = Decimal("1.00")
        row.match_reason = f"handmatig gekoppeld door {actor.get_username()}"[:300]
        item = _Parsed(row, _transaction_of(row))
        if row.amount > 0:
            entry = _payment_entry(corporation, item)
        else:
            linked = None
            if row.end_to_end_id:
                linked = (
                    BankTransaction.objects.filter(
                        corporation=corporation,
                        status=TransactionStatus.MATCHED,
                        end_to_end_id=row.end_to_end_id,
                        amount__gt=0,
                    )
                    .values_list("ledger_entry_id", flat=True)
                    .first()
                )
            entry = _return_entry(corporation, item, linked)
        entry.save()
        row.ledger_entry = entry
        row.save(
            update_fields=[
                "status",
                "matched_contract",
                "match_rule",
                "confidence",
                "match_reason",
                "ledger_entry",
            ]
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="bank_transaction.assigned",
            obj=row,
            data={"contract": contract.pk, "ledger_entry": entry.pk, "amount": str(row.amount)},
        )
        as_of = max(today(), row.booking_date)
        refresh_standings(corporation=corporation, as_of=as_of, contract_ids=[contract.pk])
        _after_commit(corporation=corporation, contract_ids={contract.pk}, as_of=as_of, actor=actor)
    transaction.refresh_from_db()
    return row


# Not a MatchRule choice: the import never produces it, only a colleague's decision does.
MANUAL_RULE = MatchRule.MANUAL


def _publish(
    corporation: Corporation,
    booked: list[tuple["_Parsed", LedgerEntry]],
    returns: list[tuple["_Parsed", LedgerEntry]],
) -> None:
    """The ERP hears of every payment and return booked from the statement (docs/events.md)."""
    contracts = dict(
        Contract.objects.filter(pk__in={entry.contract_id for _, entry in (*booked, *returns)}).values_list(
            "pk", "source_id"
        )
    )

    def payload(item: "_Parsed", entry: LedgerEntry) -> dict:
        row = item.row
        return {
            "contract_id": contracts.get(entry.contract_id, ""),
            "ledger_entry_id": entry.source_id,
            "amount": f"{abs(entry.amount):.2f}",
            "currency": "EUR",
            "booking_date": row.booking_date.isoformat(),
            "bank_reference": row.bank_reference,
            "counterparty_iban": row.counterparty_iban,
            "payment_reference": row.structured_reference,
            "match_rule": row.match_rule,
            "return_reason": row.return_reason,
        }

    events_publish_bulk(
        corporation=corporation, type="bank_payment.booked", payloads=[payload(i, e) for i, e in booked]
    )
    events_publish_bulk(
        corporation=corporation, type="bank_return.booked", payloads=[payload(i, e) for i, e in returns]
    )


def _after_commit(
    *, corporation: Corporation, contract_ids: set[int], as_of, actor: User | str | None
) -> None:
    # After the commit, so nothing downstream can undo a booking; robust: logged, and the daily run repeats it.
    db_transaction.on_commit(
        partial(
            _flows_follow_bookings,
            corporation=corporation,
            contract_ids=contract_ids,
            as_of=as_of,
            actor=actor,
        ),
        robust=True,
    )


def _flows_follow_bookings(
    *, corporation: Corporation, contract_ids: Collection[int], as_of: date, actor: User | str | None
) -> None:
    """Money that arrived stops the dunning at once, and a returned direct debit gets its follow-up at once
    (the flows' sinks, vangnet/flows/bookings.py)."""
    enrollments_reevaluate(
        corporation=corporation, contract_ids=sorted(contract_ids), as_of=as_of, actor=actor
    )
    reversals_follow_up(corporation=corporation, as_of=as_of, actor=actor)


def _transaction_of(row: BankTransaction) -> Transaction:
    """The stored row as the parser's Transaction, so a manual booking goes through the same helpers."""
    return Transaction(
        bank_reference=row.bank_reference or None,
        booking_date=row.booking_date,
        value_date=row.value_date,
        amount=row.amount,
        currency=row.currency,
        counterparty_name=row.counterparty_name or None,
        counterparty_iban=row.counterparty_iban or None,
        counterparty_bic=None,
        remittance_text=row.remittance_text or None,
        structured_reference=row.structured_reference or None,
        end_to_end_id=row.end_to_end_id or None,
        mandate_id=row.mandate_id or None,
        return_reason=row.return_reason or None,
        is_reversal=row.is_reversal,
        bank_transaction_code=None,
        batch_reference=None,
    )
