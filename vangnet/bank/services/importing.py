"""bank_statement_import: read a bank file, store each transaction once, match it and book what is certain.

A file is applied whole or not at all. Unreadable files and statements of another account are rejected
with the reason and write nothing but the rejected import. The number of queries does not grow with the
number of transactions: rows go in with one bulk insert, the lookups are fetched once per file.
"""

import hashlib
from decimal import Decimal

from django.db import transaction as db_transaction

from vangnet.bank.accounts import unknown_accounts
from vangnet.bank.matching import DEFAULT_THRESHOLD, Lookups, match_transaction, normalise_iban
from vangnet.bank.models import (
    BankStatementImport,
    BankTransaction,
    StatementImportStatus,
    TransactionStatus,
)
from vangnet.bank.parsers import ParseError, Statement, Transaction, parse_statement
from vangnet.bank.services.bookings import (
    after_commit,
    payment_entry,
    publish,
    unmatched_task,
)
from vangnet.bank.services.common import Parsed, is_payment, is_return
from vangnet.bank.services.lookups import matching_lookups
from vangnet.bank.services.repeats import payments_set_aside_repeats
from vangnet.bank.services.returns import returns_book, returns_set_aside_repeats
from vangnet.core import sql
from vangnet.core.audit import actor_fields, log_action
from vangnet.core.clock import today
from vangnet.core.models import Corporation, User
from vangnet.ledger.models import LedgerEntry
from vangnet.ledger.services.standing import refresh_standings


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
    foreign = unknown_accounts(corporation=corporation, accounts=[s.account_iban for s in statements])
    if foreign:
        # Booking another account's money on our tenants would be silently wrong; refuse the whole file.
        return _reject(record, actor=actor, errors=[_unknown_account(corporation, a) for a in foreign])
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


def _unknown_account(corporation: Corporation, account: str) -> dict:
    """The error names the account, so the back office can offer to add it and the command can say how."""
    return {
        **_error(
            None,
            f"het afschrift is van rekening {account}, die niet bij de bankrekeningen van {corporation.name} "
            "staat; voeg de rekening toe onder Beheer > Bankrekeningen en lees het bestand opnieuw in",
            f"the statement is for account {account}, which is not one of {corporation.name}'s bank "
            "accounts; add it under Beheer > Bankrekeningen (Administration > Bank accounts) and import "
            "the file again",
        ),
        "account": account,
    }


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

    relevant = [p for p in pending if is_payment(p.transaction) or is_return(p.transaction)]
    lookups, payments_by_e2e, payments_by_mandate = matching_lookups(
        corporation, [p.transaction for p in relevant]
    )

    for item in pending:
        _match(item, lookups, threshold)
    # Before any payment is booked: a credit that came in before (a camt.054 notification, then the
    # statement; another format or account) is not booked again.
    payments_repeated = payments_set_aside_repeats(corporation=corporation, record=record, items=pending)
    booked: list[tuple[Parsed, LedgerEntry]] = []
    for item in pending:
        if item.row.status == TransactionStatus.MATCHED and is_payment(item.transaction):
            booked.append((item, payment_entry(corporation, item)))
    LedgerEntry.objects.bulk_create([entry for _, entry in booked])
    for item, entry in booked:
        item.row.ledger_entry = entry
        # A return later in this same file must find the collection it undoes.
        if item.row.end_to_end_id:
            payments_by_e2e.setdefault(item.row.end_to_end_id, entry.pk)
        if item.row.mandate_id:
            payments_by_mandate[item.row.mandate_id].append((entry.pk, item.row.amount))

    # Before any return is booked: a return that came in before (another file, format or account) is not.
    returns_set_aside_repeats(corporation=corporation, record=record, items=pending)
    returns = returns_book(
        corporation=corporation,
        items=pending,
        payments_by_e2e=payments_by_e2e,
        payments_by_mandate=payments_by_mandate,
    )

    sql.update_rows(
        [p.row for p in relevant],
        [
            "status",
            "matched_contract",
            "suggested_contract",
            "match_rule",
            "confidence",
            "match_reason",
            "ledger_entry",
            "duplicate_of",
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
        unmatched_task(corporation, record, unmatched, actor)
    return {
        "transactions": total,
        "transactions_new": len(pending),
        "duplicates": total - len(pending),
        "matched": statuses.count(TransactionStatus.MATCHED),
        "unmatched": statuses.count(TransactionStatus.UNMATCHED),
        "ignored": len(pending) - len(relevant),
        "payments_booked": len(booked),
        "reversals": sum(1 for p in relevant if is_return(p.transaction)),
        "reversals_booked": len(returns),
        "reversals_already_booked": statuses.count(TransactionStatus.DUPLICATE) - payments_repeated,
        "payments_already_booked": payments_repeated,
    }


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


def _match(item: Parsed, lookups: Lookups, threshold: Decimal) -> None:
    if not (is_payment(item.transaction) or is_return(item.transaction)):
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
