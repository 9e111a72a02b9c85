"""bank_statement_import: read a bank file, store each transaction once, match it and book what is certain.

A file is applied whole or not at all. Unreadable files and statements of another account are rejected
with the reason and write nothing but the rejected import. The number of queries does not grow with the
number of transactions: rows go in with one bulk insert, the lookups are fetched once per file.
"""

import hashlib
from collections import defaultdict
from decimal import Decimal

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
from vangnet.bank.services.bookings import Parsed, after_commit, payment_entry, publish, return_entry
from vangnet.core.audit import actor_fields, log_action
from vangnet.core.clock import today
from vangnet.core.models import Corporation, User
from vangnet.ledger.models import Contract, ContractStanding, ContractTenant, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings
from vangnet.tasks.models import TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import task_create

# A match from these rules proves the payer's IBAN belongs to the contract; later payments from that IBAN
# without a kenmerk can then be matched on it.
_PROVING_RULES = (MatchRule.PAYMENT_REFERENCE, MatchRule.END_TO_END_ID)


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
    parsed: dict[str, Parsed] = {}
    total = 0
    for statement in statements:
        for found, checksum in zip(statement.transactions, statement.checksums(), strict=True):
            total += 1
            # An overlapping second statement in the same file repeats a transaction: store it once.
            parsed.setdefault(checksum, Parsed(_row(corporation, record, statement, found, checksum), found))
    BankTransaction.objects.bulk_create([p.row for p in parsed.values()], ignore_conflicts=True)
    # Rows this import inserted carry its id; a conflict (already imported earlier) kept the old row.
    new = list(
        BankTransaction.objects.filter(corporation=corporation, statement_import=record).order_by("id")
    )
    pending = [Parsed(row, parsed[row.checksum].transaction) for row in new]

    relevant = [p for p in pending if _is_payment(p.transaction) or _is_return(p.transaction)]
    lookups, payments_by_e2e, payments_by_mandate = _lookups(corporation, [p.transaction for p in relevant])

    booked: list[tuple[Parsed, LedgerEntry]] = []
    for item in pending:
        _match(item, lookups, threshold)
        if item.row.status == TransactionStatus.MATCHED and _is_payment(item.transaction):
            booked.append((item, payment_entry(corporation, item)))
    LedgerEntry.objects.bulk_create([entry for _, entry in booked])
    for item, entry in booked:
        item.row.ledger_entry = entry
        # A return later in this same file must find the collection it undoes.
        if item.row.end_to_end_id:
            payments_by_e2e.setdefault(item.row.end_to_end_id, entry.pk)
        if item.row.mandate_id:
            payments_by_mandate[item.row.mandate_id].append((entry.pk, item.row.amount))

    returns: list[tuple[Parsed, LedgerEntry]] = []
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
            returns.append((item, return_entry(corporation, item, linked)))
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
    publish(corporation, booked, returns)
    # Standings are derived from the ledger; a file that booked nothing leaves them as they are.
    if booked or returns:
        as_of = max((p.row.booking_date for p in pending), default=None) or today()
        touched = {entry.contract_id for _, entry in (*booked, *returns)}
        refresh_standings(corporation=corporation, as_of=as_of, contract_ids=touched)
        after_commit(corporation=corporation, contract_ids=touched, as_of=as_of, actor=actor)
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


def _match(item: Parsed, lookups: Lookups, threshold: Decimal) -> None:
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
