"""bank_statement_import end to end: matching, booking, idempotency, rejection, scoping and query counts."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ContractFactory, CorporationFactory
from tests.world import build_world, household, unpaid
from vangnet.bank.models import BankStatementImport, BankTransaction
from vangnet.bank.parsers import parse_statement
from vangnet.bank.services import bank_statement_import
from vangnet.core import sql
from vangnet.core.models import AuditEntry
from vangnet.ledger.models import ContractStanding, EntryKind, LedgerEntry, PaymentMethod

from .builders import camt053

pytestmark = pytest.mark.django_db

OWN_IBAN = "NL91ABNA0417164300"
SAMPLES = Path(__file__).parent / "samples"


def entry(
    amount: str,
    indicator: str = "CRDT",
    *,
    reference: str = "",
    name: str = "",
    iban: str = "",
    e2e: str = "",
    mandate: str = "",
    text: str = "",
    return_reason: str = "",
    booked: str = "2026-03-02",
) -> str:
    """One camt.053 Ntry with one TxDtls; the debtor is the tenant, also on a returned collection."""
    refs = (f"<EndToEndId>{e2e}</EndToEndId>" if e2e else "") + (
        f"<MndtId>{mandate}</MndtId>" if mandate else ""
    )
    party = f"<Dbtr><Nm>{name}</Nm></Dbtr>" if name else ""
    party += f"<DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>" if iban else ""
    if indicator == "DBIT":
        party += f"<Cdtr><Nm>Woonstichting</Nm></Cdtr><CdtrAcct><Id><IBAN>{OWN_IBAN}</IBAN></Id></CdtrAcct>"
    remittance = (
        "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp>"
        f"<Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf>"
        if reference
        else (f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf>" if text else "")
    )
    returned = f"<RtrInf><Rsn><Cd>{return_reason}</Cd></Rsn></RtrInf>" if return_reason else ""
    return f"""      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{indicator}</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>{booked}</Dt></BookgDt><ValDt><Dt>{booked}</Dt></ValDt>
        <NtryDtls><TxDtls>
          <Refs>{refs}</Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>
          <RltdPties>{party}</RltdPties>
          {remittance}
          {returned}
        </TxDtls></NtryDtls>
      </Ntry>"""


# One month of rent due on 1 March 2026, unpaid; the standing computed from it.
MARCH_RENT = unpaid(due=date(2026, 3, 1), as_of=date(2026, 3, 1), amount=Decimal("695.50"))


@pytest.fixture
def corporation():
    return build_world("Ymere", "ymere", iban="NL91 ABNA 0417 1643 00").corporation


@pytest.fixture
def contracts(corporation):
    """Three contracts each owing one month: by kenmerk, by known IBAN, and by direct debit."""
    by_reference = household(corporation, arrears=MARCH_RENT).contract
    by_iban = household(corporation, arrears=MARCH_RENT, debit_iban="NL02ABNA0123456789").contract
    by_debit = household(
        corporation,
        arrears=MARCH_RENT,
        payment_method=PaymentMethod.DIRECT_DEBIT,
        mandate_id="MANDATE-3",
        debit_iban="NL44RABO0123456789",
    ).contract
    return by_reference, by_iban, by_debit


def run(corporation, data: bytes, name: str = "afschrift.xml") -> BankStatementImport:
    return bank_statement_import(corporation=corporation, data=data, file_name=name, actor="test")


def balance(contract) -> Decimal:
    return ContractStanding.objects.get(contract=contract).balance


def test_payments_are_matched_booked_and_the_balance_drops(corporation, contracts):
    by_reference, by_iban, by_debit = contracts
    data = camt053(
        entry("695.50", reference=by_reference.payment_reference, name="J. Jansen", iban="NL11INGB0001111111")
        + entry("695.50", name="P. de Vries", iban="NL02ABNA0123456789", text="huur maart")
        + entry("12.34", name="Onbekend", iban="NL99RABO0999999999", text="gift")
        + entry("695.50", name="Tenant", iban="NL44RABO0123456789", e2e="E2E-3", mandate="MANDATE-3"),
        account=OWN_IBAN,
    )
    record = run(corporation, data)
    assert record.status == "applied", record.errors
    assert record.counts == {
        "transactions": 4,
        "transactions_new": 4,
        "duplicates": 0,
        "matched": 3,
        "unmatched": 1,
        "ignored": 0,
        "payments_booked": 3,
        "reversals": 0,
        "reversals_booked": 0,
        "reversals_already_booked": 0,
        "payments_already_booked": 0,
    }
    first = BankTransaction.objects.get(matched_contract=by_reference)
    assert (first.match_rule, first.confidence) == ("payment_reference", Decimal("1.00"))
    entry_ = first.ledger_entry
    assert entry_.kind == EntryKind.PAYMENT and entry_.amount == Decimal("-695.50")
    assert entry_.source_id == f"bank-{first.checksum[:20]}"
    assert entry_.payment_reference == by_reference.payment_reference
    assert entry_.description == "Bank: J. Jansen"
    assert BankTransaction.objects.get(matched_contract=by_iban).match_rule == "iban"
    assert BankTransaction.objects.get(matched_contract=by_debit).match_rule == "end_to_end_id"
    unknown = BankTransaction.objects.get(status="unmatched")
    assert unknown.amount == Decimal("12.34") and unknown.ledger_entry is None
    for contract in contracts:
        assert balance(contract) == Decimal("0.00")
    assert AuditEntry.objects.filter(action="bank_import.applied", object_id=str(record.pk)).exists()
    # The money nobody could place is on the work list, once per file.
    from vangnet.tasks.models import Task

    task = Task.objects.get(kind="bank", source_key=f"bank-unmatched:{record.pk}")
    assert task.title.startswith("1 onbekende betaling") and task.priority == 3


def test_a_returned_collection_is_booked_as_a_reversal_linked_to_the_payment(corporation, contracts):
    by_debit = contracts[2]
    collection = entry("695.50", name="Tenant", iban="NL44RABO0123456789", e2e="E2E-3", mandate="MANDATE-3")
    run(corporation, camt053(collection, account=OWN_IBAN))
    payment = LedgerEntry.objects.get(contract=by_debit, kind=EntryKind.PAYMENT)
    returned = entry(
        "695.50",
        "DBIT",
        name="Tenant",
        iban="NL44RABO0123456789",
        e2e="E2E-3",
        mandate="MANDATE-3",
        return_reason="AM04",
        booked="2026-03-05",
    )
    record = run(corporation, camt053(returned, account=OWN_IBAN), "storno.xml")
    assert record.counts["reversals"] == 1 and record.counts["reversals_booked"] == 1
    reversal = LedgerEntry.objects.get(contract=by_debit, kind=EntryKind.REVERSAL)
    assert reversal.amount == Decimal("695.50")
    assert reversal.reversal_reason == "AM04"
    assert reversal.linked_entry_id == payment.pk
    assert balance(by_debit) == Decimal("695.50")
    standing = ContractStanding.objects.get(contract=by_debit)
    assert standing.reversals_in_window == 1


def test_a_return_in_the_same_file_as_its_collection_is_linked_too(corporation, contracts):
    by_debit = contracts[2]
    common = dict(name="Tenant", iban="NL44RABO0123456789", e2e="E2E-9", mandate="MANDATE-3")
    data = camt053(
        entry("695.50", **common) + entry("695.50", "DBIT", return_reason="AM04", **common), account=OWN_IBAN
    )
    record = run(corporation, data)
    assert record.counts["matched"] == 2
    payment = LedgerEntry.objects.get(contract=by_debit, kind=EntryKind.PAYMENT)
    assert LedgerEntry.objects.get(contract=by_debit, kind=EntryKind.REVERSAL).linked_entry_id == payment.pk


def test_importing_the_same_file_twice_books_nothing_twice(corporation, contracts):
    data = camt053(
        entry("695.50", reference=contracts[0].payment_reference, name="J. Jansen")
        + entry("12.34", name="Onbekend", iban="NL99RABO0999999999"),
        account=OWN_IBAN,
    )
    run(corporation, data)
    entries = LedgerEntry.objects.count()
    again = run(corporation, data)
    assert again.status == "applied"
    assert again.counts["duplicates"] == 2 and again.counts["transactions_new"] == 0
    assert again.counts["matched"] == 0 and again.counts["unmatched"] == 0
    assert LedgerEntry.objects.count() == entries
    assert BankTransaction.objects.count() == 2


def test_a_malformed_file_is_rejected_with_line_and_reason_and_writes_nothing(corporation, contracts):
    data = camt053(entry("695.50", name="J. Jansen"), account=OWN_IBAN).replace(b"695.50", b"695,50", 1)
    entries = LedgerEntry.objects.count()
    record = run(corporation, data)
    assert record.status == "rejected"
    (error,) = record.errors
    assert error["line"] is not None and error["reason_nl"] and error["reason_en"]
    assert BankTransaction.objects.count() == 0
    assert LedgerEntry.objects.count() == entries
    assert record.counts == {}


def test_a_statement_of_another_account_is_rejected(corporation, contracts):
    data = camt053(entry("695.50", reference=contracts[0].payment_reference), account="NL20INGB0001234567")
    record = run(corporation, data)
    assert record.status == "rejected"
    assert "NL20INGB0001234567" in record.errors[0]["reason_en"]
    assert "niet bij de bankrekeningen van Ymere" in record.errors[0]["reason_nl"]
    assert BankTransaction.objects.count() == 0
    assert not LedgerEntry.objects.filter(kind=EntryKind.PAYMENT).exists()


def test_a_corporation_without_an_iban_accepts_no_statement():
    corporation = CorporationFactory(iban="")
    assert run(corporation, camt053(entry("1.00"), account=OWN_IBAN)).status == "rejected"


def _many(corporation, count: int) -> bytes:
    contracts = [ContractFactory(corporation=corporation) for _ in range(count)]
    return camt053(
        "".join(
            entry("695.50", reference=c.payment_reference, name=f"Huurder {i}", iban=f"NL{i:02d}TEST{i:010d}")
            for i, c in enumerate(contracts)
        ),
        account=OWN_IBAN,
    )


@pytest.mark.parametrize("count", [5, 50])
def test_the_number_of_queries_does_not_grow_with_the_file(corporation, count, django_assert_max_num_queries):
    data = _many(corporation, count)
    # 18 for the import itself (one for the corporation's accounts, one for payments reported before by
    # another file), 9 for telling the ERP (reserving event numbers, events, deliveries), 1 for standings
    # of an earlier day to carry and 1 for the standings to continue from (none here: they are
    # recomputed), and on PostgreSQL 2 for switching the JIT off and on around the standings and 2 for
    # pricing random reads as cached around the carry and the continuation.
    with django_assert_max_num_queries(33):
        record = run(corporation, data)
    assert record.counts["matched"] == count


def test_the_erp_hears_of_every_booked_payment(corporation, contracts):
    from vangnet.events.models import OutboundEvent

    by_reference = contracts[0]
    run(
        corporation,
        camt053(entry("695.50", reference=by_reference.payment_reference, name="A"), account=OWN_IBAN),
    )

    event = OutboundEvent.objects.get(corporation=corporation, type="bank_payment.booked")
    assert event.payload["contract_id"] == by_reference.source_id
    assert event.payload["amount"] == "695.50"
    assert event.payload["match_rule"] == "payment_reference"


def test_two_corporations_never_match_each_others_contracts(corporation, contracts):
    other = CorporationFactory(slug="other", iban="NL20INGB0001234567")
    ContractFactory(corporation=other, payment_reference="1234567890123456", debit_iban="NL02ABNA0123456789")
    # Our kenmerk and known IBAN, paid into the other corporation's account.
    data = camt053(
        entry("695.50", reference=contracts[0].payment_reference, name="J. Jansen")
        + entry("695.50", name="P. de Vries", iban="NL02ABNA0123456789"),
        account="NL20INGB0001234567",
    )
    record = run(other, data)
    assert record.counts["matched"] == 1 and record.counts["unmatched"] == 1
    matched = BankTransaction.objects.get(corporation=other, status="matched")
    assert matched.matched_contract.corporation_id == other.pk
    assert not LedgerEntry.objects.filter(corporation=corporation, kind=EntryKind.PAYMENT).exists()
    # And the same kenmerk into our account finds only our contract.
    ours = run(corporation, camt053(entry("1.00", reference="1234567890123456"), account=OWN_IBAN))
    assert ours.counts["unmatched"] == 1


SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("zilverline_*.txt"))


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_each_mit_sample_applies_and_twice_is_all_duplicates(name):
    data = (SAMPLES / name).read_bytes()
    account = parse_statement(data, name)[0].account_iban
    corporation = CorporationFactory(iban=account)
    first = run(corporation, data, name)
    assert first.status == "applied", first.errors
    assert first.counts["transactions_new"] == first.counts["transactions"] > 0
    second = run(corporation, data, name)
    assert second.counts["duplicates"] == second.counts["transactions"]
    assert second.counts["transactions_new"] == 0


def test_a_real_acceptgiro_payment_is_matched_on_its_kenmerk():
    # Business-to-business in origin, but the kenmerk rule is the same: ABN AMRO's "ISSUER: CUR REF:".
    name = "zilverline_abn_structured_sepa_acceptgiro.txt"
    corporation = CorporationFactory(iban="555555555")
    contract = ContractFactory(corporation=corporation, payment_reference="4420043232693268")
    record = run(corporation, (SAMPLES / name).read_bytes(), name)
    assert record.counts["matched"] == 1
    assert LedgerEntry.objects.get(contract=contract).amount == Decimal("-10.50")


def test_a_file_with_statements_of_two_accounts_is_rejected():
    # The Rabobank camt.053 sample (BSD-2-Clause) holds statements of two accounts.
    data = (SAMPLES / "mpdroog_invoiced_rabobank_CAMT053.xml").read_bytes()
    record = run(CorporationFactory(iban="NL17RABO0310029597"), data)
    assert record.status == "rejected"
    assert "NL59RABO3181240869" in record.errors[0]["reason_en"]


def test_a_direct_debit_batch_is_not_a_statement():
    data = (SAMPLES / "python-sepaxml_pain.008.001.02_sample.xml").read_bytes()
    record = run(CorporationFactory(iban=OWN_IBAN), data)
    assert record.status == "rejected" and "pain" in record.errors[0]["reason_en"]


def test_the_command_prints_json_and_fails_on_a_rejected_file(corporation, contracts, tmp_path, capsys):
    good = tmp_path / "goed.xml"
    good.write_bytes(camt053(entry("695.50", reference=contracts[0].payment_reference), account=OWN_IBAN))
    call_command("import_bank", str(good), corporation="ymere", json=True)
    payload = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert payload["status"] == "applied" and payload["counts"]["matched"] == 1

    bad = tmp_path / "fout.xml"
    bad.write_bytes(b"<Document>")
    with pytest.raises(SystemExit, match=r"^1$") as exit_info:
        call_command("import_bank", str(bad), corporation="ymere", json=True)
    assert exit_info.value.code == 1
    payload = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert payload["status"] == "rejected" and payload["errors"][0]["reason_nl"]


def test_after_the_commit_the_flows_follow_without_computing_the_standings_again(
    corporation, contracts, django_capture_on_commit_callbacks
):
    by_reference, _, _ = contracts
    data = camt053(
        entry(
            "695.50", reference=by_reference.payment_reference, name="J. Jansen", iban="NL11INGB0001111111"
        ),
        account=OWN_IBAN,
    )

    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        record = run(corporation, data)

    assert record.counts["payments_booked"] == 1
    assert balance(by_reference) == Decimal("0.00")
    standings = sql.table(ContractStanding)
    refreshes = [q for q in queries.captured_queries if f"INSERT INTO {standings}" in q["sql"]]
    assert len(refreshes) == 1
