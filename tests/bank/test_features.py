"""Format features the public samples do not cover: other camt versions, pending entries, reversals."""

from datetime import date
from decimal import Decimal

import pytest

from vangnet.bank.parsers import parse_statement

from .builders import PAYMENT_86, camt053, mt940, ntry

OWN = "NL91ABNA0417164300"
RETURN_DETAILS = f"""<NtryDtls><TxDtls>
  <Refs><AcctSvcrRef>TX-9</AcctSvcrRef><EndToEndId>HUUR-2026-03-17</EndToEndId><MndtId>M-17</MndtId></Refs>
  <RltdPties>
    <Dbtr><Pty><Nm>A. de Vries</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>NL02ABNA0123456789</IBAN></Id></DbtrAcct>
    <Cdtr><Pty><Nm>Woonstichting</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>{OWN}</IBAN></Id></CdtrAcct>
  </RltdPties>
  <RltdAgts><DbtrAgt><FinInstnId><BICFI>ABNANL2A</BICFI></FinInstnId></DbtrAgt></RltdAgts>
  <RmtInf><Ustrd>Huur maart</Ustrd><Ustrd>contract 17</Ustrd></RmtInf>
  <RtrInf><Rsn><Cd>MD06</Cd></Rsn></RtrInf>
</TxDtls></NtryDtls>"""


@pytest.mark.parametrize("version", ["02", "04", "08", "10", "13"])
def test_a_returned_collection_in_any_camt_version(version: str) -> None:
    status = "<Sts><Cd>BOOK</Cd></Sts>" if int(version) >= 9 else "<Sts>BOOK</Sts>"
    data = camt053(ntry("750.00", "DBIT", status=status, details=RETURN_DETAILS), version=version)
    (statement,) = parse_statement(data)
    assert statement.format == "camt.053"
    (storno,) = statement.transactions
    assert storno.amount == Decimal("-750.00")
    assert (storno.return_reason, storno.is_reversal) == ("MD06", True)
    # The creditor of a returned collection is us; the tenant is the debtor.
    assert (storno.counterparty_name, storno.counterparty_iban) == ("A. de Vries", "NL02ABNA0123456789")
    assert storno.counterparty_bic == "ABNANL2A"
    assert (storno.bank_reference, storno.end_to_end_id, storno.mandate_id) == (
        "TX-9",
        "HUUR-2026-03-17",
        "M-17",
    )
    assert storno.remittance_text == "Huur maart contract 17"
    assert storno.value_date == date(2026, 3, 2)


def test_pending_entries_are_left_for_the_statement_that_books_them() -> None:
    data = camt053(ntry("10.00", status="<Sts>PDNG</Sts>") + ntry("20.00"))
    (statement,) = parse_statement(data)
    assert [t.amount for t in statement.transactions] == [Decimal("20.00")]


def test_reversal_indicator_without_a_return_reason() -> None:
    (statement,) = parse_statement(camt053(ntry("5.00", "DBIT", extra="<RvslInd>true</RvslInd>")))
    assert statement.transactions[0].is_reversal
    assert statement.transactions[0].bank_reference == "REF-1"


def test_split_parts_get_unique_references_and_a_free_text_kenmerk() -> None:
    part = """<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">{}</Amt></TxAmt></AmtDtls>
      <RmtInf><Ustrd>BETALINGSKENM. {}</Ustrd></RmtInf></TxDtls>"""
    details = (
        "<NtryDtls><Btch><PmtInfId>BATCH-7</PmtInfId></Btch>"
        f"{part.format('500.00', '5000 0567 8901 2345')}{part.format('250.00', '1234567')}</NtryDtls>"
    )
    (statement,) = parse_statement(camt053(ntry(details=details)))
    first, second = statement.transactions
    assert (first.bank_reference, second.bank_reference) == ("REF-1#1", "REF-1#2")
    assert (first.structured_reference, second.structured_reference) == ("5000056789012345", "1234567")
    assert first.batch_reference == second.batch_reference == "BATCH-7"


def test_camt054_notification_is_detected() -> None:
    data = (
        camt053(ntry())
        .replace(b"camt.053.001.02", b"camt.054.001.08")
        .replace(b"BkToCstmrStmt", b"BkToCstmrDbtCdtNtfctn")
        .replace(b"<Stmt>", b"<Ntfctn>")
        .replace(b"</Stmt>", b"</Ntfctn>")
    )
    (notification,) = parse_statement(data)
    assert notification.format == "camt.054"
    assert notification.transactions[0].amount == Decimal("750.00")


def test_mt940_reversal_marks_and_returns() -> None:
    body = (
        ":61:2603020302RD750,00NTRFNONREF//26061000000002\n"  # a debit reversed: money back
        ":61:2603020302RC10,00NTRFNONREF//26061000000003\n"  # a credit reversed: money off
        ":61:2603020302D740,00NRTIEREF//26061000000004\n"  # a returned collection
        ":86:/RTRN/AM04//EREF/HUUR-1//MARF/M-17//CNTP/NL02ABNA0123456789/ABNANL2A/A. de Vries///REMI/USTD//Huur/\n"
    )
    (statement,) = parse_statement(mt940(body, closing=":62F:C260302EUR1000,00\n-}\n"))
    amounts = [t.amount for t in statement.transactions]
    assert amounts == [Decimal("750.00"), Decimal("-10.00"), Decimal("-740.00")]
    assert all(t.is_reversal for t in statement.transactions)
    assert statement.transactions[2].return_reason == "AM04"
    assert statement.transactions[2].mandate_id == "M-17"


def test_mt940_booking_date_across_the_year_end() -> None:
    body = ":61:2512311231C750,00NTRFNONREF\n:61:2512310102C1,00NTRFNONREF\n" + PAYMENT_86
    (statement,) = parse_statement(mt940(body, closing=":62F:C260102EUR1751,00\n-}\n"))
    assert [t.booking_date for t in statement.transactions] == [date(2025, 12, 31), date(2026, 1, 2)]


def test_mt940_without_bank_hints_falls_back_on_the_86_shape_or_keeps_the_text() -> None:
    data = (
        mt940(
            ":61:2603020302C750,00N541NONREF\nNL02ABNA0123456789\n"
            ":86:/EREF/E-1/ORDP//NAME/A. de Vries/REMI/Huur maart/ISDT/2026-03-02\n"
            ":61:2603020302C0,00NMSCNONREF\n:86:Rente en kosten BETALINGSKENM. 5000056789012345\n",
        )
        .replace(b"NL20INGB0001234567EUR", b"0001234567")
        .replace(b"INGBNL2A", b"XXXXXXXX")
    )
    (statement,) = parse_statement(data)
    rabo_like, free = statement.transactions
    assert (rabo_like.counterparty_name, rabo_like.counterparty_iban) == ("A. de Vries", "NL02ABNA0123456789")
    assert (rabo_like.remittance_text, rabo_like.end_to_end_id) == ("Huur maart", "E-1")
    assert free.remittance_text == "Rente en kosten BETALINGSKENM. 5000056789012345"
    assert free.structured_reference == "5000056789012345"


def test_mt940_in_windows_1252() -> None:
    body = ":61:2603020302C750,00NTRFNONREF\n:86:/REMI/USTD//Huur ré 3 €/\n"
    (statement,) = parse_statement(mt940(body).decode().encode("cp1252"))
    assert statement.transactions[0].remittance_text == "Huur ré 3 €"


def test_a_collection_batch_booked_as_one_entry_keeps_its_batch_reference() -> None:
    details = (
        "<NtryDtls><Btch><PmtInfId>VANGNET-SDD-2026-03</PmtInfId><NbOfTxs>120</NbOfTxs></Btch></NtryDtls>"
    )
    (statement,) = parse_statement(camt053(ntry("90000.00", details=details)))
    (batch,) = statement.transactions
    assert (batch.amount, batch.batch_reference) == (Decimal("90000.00"), "VANGNET-SDD-2026-03")
