"""A bad file is rejected as a whole, with the line and a reason in Dutch and English."""

from decimal import Decimal

import pytest

from vangnet.bank.parsers import ParseError, parse_statement

from .builders import PAYMENT_61, PAYMENT_86, camt053, mt940, ntry


def rejected(data: bytes, reason: str) -> ParseError:
    with pytest.raises(ParseError, match=reason) as caught:
        parse_statement(data, "afschrift.dat")
    error = caught.value
    assert error.reason_en and error.reason_nl and error.reason_en != error.reason_nl
    return error


def line_of(data: bytes, needle: str) -> int:
    return next(i for i, line in enumerate(data.decode().splitlines(), start=1) if needle in line)


def test_the_synthetic_files_themselves_parse() -> None:
    (statement,) = parse_statement(camt053(ntry()))
    assert [t.amount for t in statement.transactions] == [Decimal("750.00")]
    (statement,) = parse_statement(mt940(PAYMENT_61 + PAYMENT_86))
    (payment,) = statement.transactions
    assert (payment.amount, payment.structured_reference) == (Decimal("750.00"), "5000056789012345")
    assert statement.balance_gap() == 0


def test_malformed_xml() -> None:
    data = camt053(ntry()).replace(b"</Ntry>", b"</Entry>")
    error = rejected(data, "the file is not well-formed XML: Opening and ending tag mismatch")
    assert error.line == line_of(data, "</Entry>")
    assert "not well-formed XML" in error.reason_en and "geen geldige XML" in error.reason_nl


def test_truncated_xml() -> None:
    data = camt053(ntry())
    error = rejected(data[: len(data) // 2], "the file is not well-formed XML")
    assert error.line is not None and error.line > 1


@pytest.mark.parametrize(
    "amount", ["1,234.50", "12.5.0", "-12.50", "1e3", "", "12.345", "\u0661\u0662.\u0665\u0660"]
)
def test_camt_with_a_bad_amount(amount: str) -> None:
    data = camt053(ntry(amount=amount))
    error = rejected(data, "amount")
    assert error.line == line_of(data, f'<Amt Ccy="EUR">{amount}</Amt>')
    assert "amount" in error.reason_en and "bedrag" in error.reason_nl


def test_camt_with_a_bad_direction() -> None:
    error = rejected(camt053(ntry(indicator="CREDIT")), "Ntry has CdtDbtInd 'CREDIT', expected CRDT or DBIT")
    assert "CdtDbtInd" in error.reason_en


def test_camt_batch_whose_parts_do_not_add_up() -> None:
    part = '<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">{}</Amt></TxAmt></AmtDtls></TxDtls>'
    details = f"<NtryDtls>{part.format('500.00')}{part.format('200.00')}</NtryDtls>"
    error = rejected(
        camt053(ntry(details=details)), "the 2 transaction details add up to 700.00, not to the entry amount"
    )
    assert "add up" in error.reason_en and "tellen op" in error.reason_nl


def test_xml_with_a_doctype_is_refused_and_entities_are_not_expanded() -> None:
    data = camt053(ntry()).replace(
        b'<?xml version="1.0" encoding="UTF-8"?>',
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    )
    error = rejected(data.replace(b"<Id>S1</Id>", b"<Id>&x;</Id>"), "the XML declares a DOCTYPE")
    assert "DOCTYPE" in error.reason_en


def test_unsupported_camt_version_and_other_xml() -> None:
    assert (
        "not a camt.053/camt.054"
        in rejected(camt053(ntry(), version="01"), "is XML but not a camt.053/camt.054").reason_en
    )
    assert (
        "not a camt.053/camt.054"
        in rejected(b"<html><body/></html>", "is XML but not a camt.053/camt.054").reason_en
    )


def test_mt940_with_a_broken_61_line() -> None:
    data = mt940(":61:2603020302X750,00NTRFNONREF\n" + PAYMENT_86)
    error = rejected(data, "cannot read statement line :61:2603020302X750,00NTRFNONREF")
    assert error.line == line_of(data, ":61:")
    assert ":61:" in error.reason_en and ":61:" in error.reason_nl


@pytest.mark.parametrize(
    ("line_61", "reason"),
    [
        (":61:2613020302C750,00NTRFNONREF", "invalid date '261302'"),  # month 13
        (":61:2603020302C750.00NTRFNONREF", "cannot read statement line"),  # decimal point, not comma
        (":61:2603020302C7,50,00NTRFNONREF", "invalid amount '7,50,00'"),  # two commas
        (":61:2603020302C750,001NTRFNONREF", "amount '750,001' has more than two decimals"),  # 1/10 cent
    ],
)
def test_mt940_with_bad_dates_or_amounts(line_61: str, reason: str) -> None:
    data = mt940(f"{line_61}\n")
    assert rejected(data, reason).line == line_of(data, ":61:")


def test_truncated_mt940() -> None:
    data = mt940(PAYMENT_61 + PAYMENT_86, closing="")
    error = rejected(data, "field :62F: missing in the statement")
    assert error.line == line_of(data, ":86:")
    assert ":62F:" in error.reason_en and "afgekapt" in error.reason_nl


def test_mt940_truncated_in_the_middle_of_a_61_line() -> None:
    data = mt940(":61:2603020302C75", closing="")
    assert rejected(data, "field :62F: missing in the statement").line == line_of(data, ":61:")


def test_mt940_statement_line_after_the_closing_balance() -> None:
    data = mt940("", closing=":62F:C260302EUR1000,00\n" + PAYMENT_61 + "-}\n")
    assert rejected(data, ":61: outside the opening").line == line_of(data, ":61:")


def test_text_outside_a_statement() -> None:
    data = mt940(PAYMENT_61, closing=":62F:C260302EUR1750,00\n-}\nHello there\n")
    assert rejected(data, "unexpected text outside a statement: 'Hello there'").line == line_of(
        data, "Hello there"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "afschrift.dat is empty"),
        (b"   \n", "afschrift.dat is empty"),
        (
            b"date,amount\n2026-03-02,750.00\n",
            "afschrift.dat is not a camt.053, camt.054 or MT940 bank statement",
        ),
        (b"%PDF-1.7", "afschrift.dat is not a camt.053, camt.054 or MT940 bank statement"),
    ],
)
def test_not_a_statement_at_all(data: bytes, reason: str) -> None:
    error = rejected(data, reason)
    assert error.line is None
    assert "afschrift.dat" in error.reason_en
