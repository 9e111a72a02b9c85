"""The payments report groups a payment by how it came in (pay link, direct debit, transfer, agency), read
from where it was booked, and falls back on the contract's method for a payment the ERP delivered."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.world import build_world
from vangnet.bank.models import BankStatementImport, BankTransaction, MatchRule, TransactionStatus
from vangnet.core import clock
from vangnet.ledger.models import Contract, EntryKind, LedgerEntry, PaymentMethod
from vangnet.reports.base import Query
from vangnet.reports.registry import report_named


@pytest.fixture
def booked(db):
    world = build_world(tenants=1)
    with world.scope():
        contract = world.households[0].contract
        Contract.objects.filter(pk=contract.pk).update(payment_method=PaymentMethod.DIRECT_DEBIT)
        today = clock.today()
        statement = BankStatementImport.objects.create(
            corporation=world.corporation, file_name="mt940.sta", file_hash="x" * 64, status="done"
        )

        def pay(source_id: str, amount: str) -> LedgerEntry:
            return LedgerEntry.objects.create(
                corporation=world.corporation,
                contract=contract,
                source_id=source_id,
                kind=EntryKind.PAYMENT,
                booking_date=today,
                due_date=today,
                amount=-Decimal(amount),
            )

        def line(entry: LedgerEntry, **extra) -> None:
            BankTransaction.objects.create(
                corporation=world.corporation,
                statement_import=statement,
                account_iban="NL91ABNA0417164300",
                checksum=entry.source_id,
                booking_date=today,
                value_date=today,
                amount=-entry.amount,
                status=TransactionStatus.MATCHED,
                matched_contract=contract,
                ledger_entry=entry,
                **extra,
            )

        pay("vangnet-pay-1", "100.00")
        pay("vangnet-agency-4-R17", "40.00")
        line(pay("bank-mandate", "600.00"), mandate_id="M-1", match_rule=MatchRule.IBAN)
        line(pay("bank-endtoend", "20.00"), end_to_end_id="E2E-1", match_rule=MatchRule.END_TO_END_ID)
        line(pay("bank-transfer", "30.00"), match_rule=MatchRule.PAYMENT_REFERENCE)
        pay("ERP-2026-1", "5.00")  # the ERP's own booking: the contract pays by direct debit
        yield world


def _payments(world, by: str):
    with world.scope():
        today = clock.today()
        return report_named("payments").compute(
            Query(
                corporation=world.corporation, as_of=today, by=by, period_start=today - dt.timedelta(days=7)
            )
        )


def test_payments_are_grouped_by_how_they_came_in_and_add_up_to_the_total(booked):
    result = _payments(booked, "method")
    rows = {row["label"]: (row["payments"], row["received"]) for row in result.rows}
    assert rows == {
        "iDEAL-betaallink": (1, Decimal("100.00")),
        "Via incassobureau": (1, Decimal("40.00")),
        "Automatische incasso": (3, Decimal("625.00")),
        "Overboeking": (1, Decimal("30.00")),
    }
    assert (result.totals["payments"], result.totals["received"]) == (6, Decimal("795.00"))


def test_by_the_contracts_method_every_payment_counts_as_direct_debit(booked):
    result = _payments(booked, "contract_method")
    assert [(row["label"], row["payments"], row["received"]) for row in result.rows] == [
        ("Automatische incasso", 6, Decimal("795.00"))
    ]
