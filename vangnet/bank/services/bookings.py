"""How a matched bank transaction becomes ledger entries, and who hears of it afterwards.

The ledger entry's source id is the checksum prefix: the unique (corporation, source_id) constraint refuses a
second booking of the same bank transaction, whatever path it comes by.
"""

from collections.abc import Collection
from datetime import date
from functools import partial

from django.db import transaction as db_transaction
from django.utils.translation import gettext, ngettext

from vangnet.bank.matching import references_in
from vangnet.bank.models import BankStatementImport
from vangnet.bank.services.common import Parsed
from vangnet.core.clock import today
from vangnet.core.models import Corporation, User
from vangnet.events.services import events_publish_bulk
from vangnet.flows.bookings import enrollments_reevaluate, reversals_follow_up
from vangnet.ledger.models import Contract, EntryKind, LedgerEntry
from vangnet.tasks.models import TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import task_create


def payment_entry(corporation: Corporation, item: Parsed) -> LedgerEntry:
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


def return_entry(corporation: Corporation, item: Parsed, linked: int | None) -> LedgerEntry:
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


def publish(
    corporation: Corporation,
    booked: list[tuple[Parsed, LedgerEntry]],
    returns: list[tuple[Parsed, LedgerEntry]],
) -> None:
    """The ERP hears of every payment and return booked from the statement (docs/events.md)."""
    contracts = dict(
        Contract.objects.filter(pk__in={entry.contract_id for _, entry in (*booked, *returns)}).values_list(
            "pk", "source_id"
        )
    )

    def payload(item: Parsed, entry: LedgerEntry) -> dict:
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


def after_commit(
    *, corporation: Corporation, contract_ids: set[int], as_of, actor: User | str | None
) -> None:
    # After the commit, so nothing downstream can undo a booking; robust: logged, and the daily run repeats it.
    db_transaction.on_commit(
        partial(
            flows_follow_bookings,
            corporation=corporation,
            contract_ids=contract_ids,
            as_of=as_of,
            actor=actor,
        ),
        robust=True,
    )


def unmatched_task(
    corporation: Corporation, record: BankStatementImport, unmatched: int, actor: User | str | None
) -> None:
    """Money nobody could place goes on the work list, one task per statement file, with a priority:
    until it is booked, a tenant who paid may still get a reminder."""
    task_create(
        corporation=corporation,
        kind=TaskKind.BANK,
        title=ngettext(
            "%(count)s onbekende betaling uitzoeken uit %(file)s",
            "%(count)s onbekende betalingen uitzoeken uit %(file)s",
            unmatched,
        )
        % {"count": unmatched, "file": record.file_name},
        description=gettext("Zie Bank > Niet herkende betalingen."),
        due_on=today(),
        source=TaskSource.BANK,
        source_key=f"bank-unmatched:{record.pk}",
        priority=TaskPriority.HIGH,
        actor=actor,
    )


def flows_follow_bookings(
    *, corporation: Corporation, contract_ids: Collection[int], as_of: date, actor: User | str | None
) -> None:
    """Money that arrived stops the dunning at once, and a returned direct debit gets its follow-up at once
    (the flows' sinks, vangnet/flows/bookings.py)."""
    # Both callers (the import, a hand-assigned payment) refreshed these standings as of this day in the
    # transaction that booked the money: the flows need not compute them again.
    enrollments_reevaluate(
        corporation=corporation,
        contract_ids=sorted(contract_ids),
        as_of=as_of,
        actor=actor,
        standings_fresh=True,
    )
    reversals_follow_up(corporation=corporation, as_of=as_of, actor=actor)
