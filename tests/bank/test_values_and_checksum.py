"""Amount reading, the storage checksum, and that no input makes a parser fail other than with ParseError."""

import contextlib
import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vangnet.bank.parsers import ParseError, Transaction, parse_statement
from vangnet.bank.parsers.values import parse_camt_amount, parse_mt940_amount

SAMPLES = Path(__file__).parent / "samples"
TRANSACTION = Transaction(
    bank_reference=None,
    booking_date=date(2026, 3, 2),
    value_date=date(2026, 3, 2),
    amount=Decimal("750.00"),
    currency="EUR",
    counterparty_name="J. Jansen",
    counterparty_iban="NL02ABNA0123456789",
    counterparty_bic="ABNANL2A",
    remittance_text="Huur maart",
    structured_reference="5000056789012345",
    end_to_end_id="E2E-1",
    mandate_id=None,
    return_reason=None,
    is_reversal=False,
    bank_transaction_code="NTRF",
    batch_reference=None,
    line=12,
)
ACCOUNT = "NL20INGB0001234567"

cents = st.decimals(
    min_value=0, max_value=Decimal("999999999999.99"), places=2, allow_nan=False, allow_infinity=False
)


def test_checksum_is_stable_and_pinned() -> None:
    # Pinned: stored checksums must keep meaning the same transaction across releases.
    assert TRANSACTION.checksum(ACCOUNT) == TRANSACTION.checksum(ACCOUNT)
    assert TRANSACTION.checksum(ACCOUNT) == "5f28c506a2edbfe3ee09b85697ce28540f8bbfe8cb8e0585067febed762d915a"


def test_checksum_differs_when_the_amount_differs() -> None:
    other = dataclasses.replace(TRANSACTION, amount=Decimal("750.01"))
    assert other.checksum(ACCOUNT) != TRANSACTION.checksum(ACCOUNT)
    assert dataclasses.replace(TRANSACTION, amount=Decimal("-750.00")).checksum(
        ACCOUNT
    ) != TRANSACTION.checksum(ACCOUNT)


def test_checksum_ignores_the_line_and_the_notation_of_the_amount() -> None:
    moved = dataclasses.replace(
        TRANSACTION, line=999, amount=Decimal("750"), remittance_text=" Huur   maart "
    )
    assert moved.checksum(ACCOUNT) == TRANSACTION.checksum(ACCOUNT)
    assert TRANSACTION.checksum("nl20 ingb 0001 2345 67") == TRANSACTION.checksum(ACCOUNT)


def test_checksum_depends_on_account_dates_counterparty_references_and_text() -> None:
    base = TRANSACTION.checksum(ACCOUNT)
    assert TRANSACTION.checksum("NL91ABNA0417164300") != base
    for change in [
        {"booking_date": date(2026, 3, 3)},
        {"value_date": date(2026, 3, 3)},
        {"counterparty_iban": "NL91ABNA0417164300"},
        {"structured_reference": "5000056789012346"},
        {"end_to_end_id": "E2E-2"},
        {"remittance_text": "Huur april"},
        {"is_reversal": True},
    ]:
        assert dataclasses.replace(TRANSACTION, **change).checksum(ACCOUNT) != base, change


def test_identical_transactions_in_one_statement_keep_separate_keys() -> None:
    # Five equal Belastingdienst payments on one day: all five are real money.
    (_, statement) = parse_statement((SAMPLES / "zilverline_abnamro_structured.txt").read_bytes())
    keys = statement.checksums()
    assert len(set(keys)) == len(keys) == 7
    (_, again) = parse_statement((SAMPLES / "zilverline_abnamro_structured.txt").read_bytes())
    assert again.checksums() == keys


@given(cents)
def test_mt940_amount_round_trips(amount: Decimal) -> None:
    written = f"{amount:.2f}".replace(".", ",")
    assert parse_mt940_amount(written, line=1) == amount
    # Banks drop trailing zeros ("10," and "10,5"); the value is the same.
    short = written.rstrip("0")
    assert parse_mt940_amount(short, line=1) == amount


@given(cents)
def test_camt_amount_round_trips(amount: Decimal) -> None:
    assert parse_camt_amount(f"{amount:.2f}", line=1) == amount
    assert parse_camt_amount(f" {amount:f} ", line=1) == amount


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_parser(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_statement(data)


MT940_SAMPLE = (SAMPLES / "zilverline_ing_mt940_iban.txt").read_text()


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_mt940_is_parsed_or_rejected_never_crashes(data: st.DataObject) -> None:
    lines = MT940_SAMPLE.splitlines()
    start = data.draw(st.integers(0, len(lines) - 1))
    stop = data.draw(st.integers(start, len(lines)))
    replacement = data.draw(st.lists(st.text(max_size=40), max_size=2))
    damaged = "\n".join(lines[:start] + replacement + lines[stop:])
    with contextlib.suppress(ParseError):
        parse_statement(damaged.encode())
