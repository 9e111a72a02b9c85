"""Golden-file tests: every sample bank file parses to exactly the reviewed JSON in tests/bank/golden/.

Regenerate after an intended change with ``VANGNET_UPDATE_GOLDEN=1 uv run pytest tests/bank -n0`` and
review the diff against the sample by eye before committing it.
"""

import dataclasses
import json
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from vangnet.bank.parsers import ParseError, Statement, parse_statement

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
# MIT/BSD samples are copied into the project (see samples/ATTRIBUTION.md).
LOCAL_SAMPLES = HERE / "samples"
# AGPL samples stay outside the project and are only read when the shared folder sits next to the repo.
SHARED_SAMPLES = Path(__file__).parents[2].parent / "shared" / "samples" / "bank"
AGPL_SAMPLES = [
    "oca_test-camt053_abnamro.xml",
    "oca_test-camt054.xml",
    "oca_test-ing.940",
    "oca_test-rabo.swi",
]
NOT_STATEMENTS = {"python-sepaxml_pain.008.001.02_sample.xml"}
UPDATE = os.environ.get("VANGNET_UPDATE_GOLDEN") == "1"

LOCAL_NAMES = sorted(p.name for p in LOCAL_SAMPLES.iterdir() if p.name != "ATTRIBUTION.md")


def sample_bytes(name: str) -> bytes:
    if name in AGPL_SAMPLES:
        if not SHARED_SAMPLES.is_dir():
            pytest.skip(f"AGPL sample {name} is read from {SHARED_SAMPLES}, which is absent")
        return (SHARED_SAMPLES / name).read_bytes()
    return (LOCAL_SAMPLES / name).read_bytes()


def to_jsonable(statements: list[Statement]) -> list[dict]:
    def convert(value: object) -> object:
        if isinstance(value, Decimal | date | datetime):
            return str(value) if isinstance(value, Decimal) else value.isoformat()
        if isinstance(value, list):
            return [convert(item) for item in value]
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        return value

    result = []
    for statement in statements:
        data = convert(dataclasses.asdict(statement))
        # The checksum is stored in the database, so a change to it must show up as a golden diff.
        for transaction, checksum in zip(data["transactions"], statement.checksums(), strict=True):
            transaction["checksum"] = checksum
        gap = statement.balance_gap()
        data["balance_gap"] = None if gap is None else str(gap)
        result.append(data)
    return result


STATEMENT_SAMPLES = [name for name in [*LOCAL_NAMES, *AGPL_SAMPLES] if name not in NOT_STATEMENTS]


@pytest.mark.parametrize("name", STATEMENT_SAMPLES)
def test_sample_matches_golden(name: str) -> None:
    actual = to_jsonable(parse_statement(sample_bytes(name), name))
    golden = GOLDEN / f"{name}.json"
    if UPDATE:
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden for {name}; run with VANGNET_UPDATE_GOLDEN=1 and review it"
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(NOT_STATEMENTS))
def test_a_direct_debit_instruction_is_rejected_with_a_clear_reason(name: str) -> None:
    with pytest.raises(ParseError, match=r"is XML but not a camt\.053/camt\.054 bank statement") as caught:
        parse_statement(sample_bytes(name), name)
    assert "pain.008" in caught.value.reason_en
    assert "not a statement" in caught.value.reason_en
    assert "geen afschrift" in caught.value.reason_nl


def test_every_shared_sample_is_covered_and_copies_are_verbatim() -> None:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip(f"{SHARED_SAMPLES} is absent")
    shared = {p.name for p in SHARED_SAMPLES.iterdir() if p.suffix != ".md"}
    assert shared == set(LOCAL_NAMES) | set(AGPL_SAMPLES)
    for name in LOCAL_NAMES:
        assert (LOCAL_SAMPLES / name).read_bytes() == (SHARED_SAMPLES / name).read_bytes(), name
    assert not set(AGPL_SAMPLES) & set(LOCAL_NAMES), "AGPL samples must not be copied into the project"


def test_no_orphan_goldens() -> None:
    expected = {f"{name}.json" for name in STATEMENT_SAMPLES}
    assert {p.name for p in GOLDEN.iterdir()} == expected


# Facts checked by hand against the samples, so a wrong golden cannot pass unnoticed.


def test_oca_camt053_splits_the_returned_batch_and_marks_reversals() -> None:
    (statement,) = parse_statement(sample_bytes("oca_test-camt053_abnamro.xml"))
    assert statement.account_iban == "NL77ABNA0574908765"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("15568.27"),
        Decimal("15121.12"),
    )
    amounts = [t.amount for t in statement.transactions]
    assert amounts == [Decimal("-754.25"), Decimal("-564.05"), Decimal("-100.00"), Decimal("1405.31")]
    returned = statement.transactions[1:3]
    assert [t.return_reason for t in returned] == ["AC06", "AC06"]
    assert all(t.is_reversal for t in returned)
    assert [t.mandate_id for t in returned] == ["NL22ZZZ524885430000-C0125.1", "NL22ZZZ524885430000-C0125.2"]
    assert {t.batch_reference for t in returned} == {"2018/125-20141229-NORM"}
    assert not statement.transactions[0].is_reversal and not statement.transactions[3].is_reversal


def test_ing_mt940_has_two_ms03_returns() -> None:
    (statement,) = parse_statement(sample_bytes("oca_test-ing.940"))
    returns = [t for t in statement.transactions if t.return_reason]
    assert [(t.return_reason, t.amount) for t in returns] == [
        ("MS03", Decimal("1.57")),
        ("MS03", Decimal("-12.75")),
    ]
    assert all(t.is_reversal for t in returns)
    assert statement.balance_gap() == 0
    kenmerken = [t.structured_reference for t in statement.transactions if t.structured_reference]
    assert kenmerken == ["9001123412341234", "1070123412341234"]


def test_rabobank_camt_carries_the_cur_betalingskenmerk() -> None:
    statements = parse_statement(sample_bytes("mpdroog_invoiced_rabobank_CAMT053.xml"))
    assert len(statements) == 132
    transactions = [t for s in statements for t in s.transactions]
    assert len(transactions) == 9
    (tax,) = [t for t in transactions if t.structured_reference]
    assert (tax.structured_reference, tax.amount) == ("1067931951601240", Decimal("-4076.00"))
    assert tax.counterparty_iban == "NL86INGB0002445588"


def test_structured_references_in_mt940_dialects() -> None:
    (rabo,) = parse_statement(sample_bytes("zilverline_rabobank_mt940_structured_dutch_tax.txt"))
    assert rabo.transactions[0].structured_reference == "1234567899874563"
    assert rabo.transactions[0].counterparty_iban == "NL86INGB0002445588"
    (abn,) = parse_statement(sample_bytes("zilverline_abn_structured_sepa_acceptgiro.txt"))
    assert abn.transactions[0].structured_reference == "4420043232693268"
    assert abn.transactions[0].end_to_end_id is None  # NOTPROVIDED is no reference
