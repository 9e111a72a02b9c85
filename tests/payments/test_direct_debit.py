"""pain.008.001.02 collection files: validated against the XSD, refused with every problem, exported once."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_scopes import scope
from lxml import etree

from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    LedgerEntryFactory,
    TenantFactory,
)
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import PaymentMethod
from vangnet.payments.direct_debit import DebitItem, direct_debit_export, direct_debit_items_due
from vangnet.payments.models import DirectDebitExport

pytestmark = pytest.mark.usefixtures("in_woonstad")


@pytest.fixture
def in_woonstad(corporation):
    with scope(corporation=corporation):
        yield corporation


XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.008.001.02.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
COLLECTION = timezone.localdate() + dt.timedelta(days=5)


@pytest.fixture
def corporation(db):
    return CorporationFactory(
        name="Woonstad Utrecht",
        slug="woonstad",
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
        creditor_id="NL40ZZZ878787780000",
    )


def _debtor(corporation, n: int, balance: str = "700.00", **kwargs):
    fields = {
        "source_id": f"HO-{n}",
        "payment_method": PaymentMethod.DIRECT_DEBIT,
        "mandate_id": f"MANDAAT-{n}",
        "mandate_date": dt.date(2023, 5, 1),
        "debit_iban": "NL44RABO0123456789",
        **kwargs,
    }
    contract = ContractFactory(corporation=corporation, **fields)
    ContractTenantFactory(
        corporation=corporation,
        contract=contract,
        tenant=TenantFactory(corporation=corporation, first_name="Eva", last_name=f"Ünal{n}"),
    )
    LedgerEntryFactory(contract=contract, amount=Decimal(balance))
    return contract


def _validate(data: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(data)
    schema.assertValid(document)
    return document


def test_a_file_that_validates_against_the_xsd_and_is_recorded(corporation):
    first, second = _debtor(corporation, 1), _debtor(corporation, 2)
    record, data = direct_debit_export(
        corporation=corporation,
        collection_date=COLLECTION,
        items=[DebitItem(first.pk, Decimal("125.50")), DebitItem(second.pk, Decimal("80.00"), "Termijn 2")],
        actor="test",
    )
    doc = _validate(data)
    assert doc.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    assert doc.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "205.50"
    info = doc.find("p:CstmrDrctDbtInitn/p:PmtInf", namespaces=NS)
    assert info.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS) == "RCUR"
    assert info.findtext("p:ReqdColltnDt", namespaces=NS) == COLLECTION.isoformat()
    assert info.findtext("p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", namespaces=NS) == "NL40ZZZ878787780000"
    tx = info.findall("p:DrctDbtTxInf", namespaces=NS)
    assert [t.findtext("p:DrctDbtTx/p:MndtRltdInf/p:MndtId", namespaces=NS) for t in tx] == [
        "MANDAAT-1",
        "MANDAAT-2",
    ]
    assert tx[0].findtext("p:PmtId/p:EndToEndId", namespaces=NS) == f"VNG{record.pk}-{first.pk}"
    assert tx[0].findtext("p:Dbtr/p:Nm", namespaces=NS) == "Eva Unal1"  # transliterated for SEPA
    assert tx[0].findtext("p:DbtrAgt/p:FinInstnId/p:BIC", namespaces=NS) == "RABONL2U"
    assert (record.count, record.total, record.actor_label) == (2, Decimal("205.50"), "test")
    assert len(record.file_hash) == 64 and record.message_id


def test_the_same_collection_is_not_exported_twice_by_accident(corporation):
    contract = _debtor(corporation, 1)
    items = [DebitItem(contract.pk, Decimal("125.50"))]
    first, _ = direct_debit_export(
        corporation=corporation, collection_date=COLLECTION, items=items, actor="test"
    )
    with pytest.raises(ApplicationError, match="Deze incasso is al geëxporteerd op") as caught:
        direct_debit_export(corporation=corporation, collection_date=COLLECTION, items=items, actor="test")
    assert caught.value.extra["code"] == "already_exported"
    assert DirectDebitExport.objects.count() == 1
    again, _ = direct_debit_export(
        corporation=corporation, collection_date=COLLECTION, items=items, actor="test", repeat=True
    )
    assert again.repeat_of == first


def test_every_problem_is_reported_and_nothing_is_written(corporation):
    ok = _debtor(corporation, 1)
    no_mandate = _debtor(corporation, 2, mandate_id="")
    bad_iban = _debtor(corporation, 3, debit_iban="NL00RABO0000000000")
    transfer = ContractFactory(
        corporation=corporation, source_id="HO-4", payment_method=PaymentMethod.TRANSFER
    )
    foreign = ContractFactory(corporation=CorporationFactory(slug="anders"))
    with pytest.raises(ApplicationError, match="Het incassobestand is niet gemaakt") as caught:
        direct_debit_export(
            corporation=corporation,
            collection_date=timezone.localdate(),
            items=[
                DebitItem(ok.pk, Decimal("900.00")),
                DebitItem(no_mandate.pk, Decimal("10.00")),
                DebitItem(bad_iban.pk, Decimal("10.00")),
                DebitItem(transfer.pk, Decimal("10.00")),
                DebitItem(foreign.pk, Decimal("10.00")),
            ],
            actor="test",
        )
    reasons = [(p.get("contract") or p.get("field"), p["reason"]) for p in caught.value.extra["errors"]]
    assert ("collection_date", "De incassodatum moet na vandaag liggen.") in reasons
    assert ("HO-1", "Er wordt meer geïncasseerd dan er openstaat.") in reasons
    assert ("HO-2", "Machtigingskenmerk of datum machtiging ontbreekt.") in reasons
    assert ("HO-3", "De IBAN voor de incasso is niet geldig.") in reasons
    assert ("HO-4", "Dit contract betaalt niet per automatische incasso.") in reasons
    assert (str(foreign.pk), "Dit contract bestaat niet bij deze corporatie.") in reasons
    assert not DirectDebitExport.objects.exists()


def test_a_corporation_without_creditor_details_cannot_export(db):
    corporation = CorporationFactory(slug="leeg")
    contract = _debtor(corporation, 1)
    with (
        scope(corporation=corporation),
        pytest.raises(ApplicationError, match="Het incassobestand is niet gemaakt") as caught,
    ):
        direct_debit_export(
            corporation=corporation,
            collection_date=COLLECTION,
            items=[DebitItem(contract.pk, Decimal("1.00"))],
            actor="t",
        )
    assert {p["field"] for p in caught.value.extra["errors"]} == {"creditor_id", "iban", "bic"}


def _arrangement(contract, due: dt.date, amount: str, status=ArrangementStatus.ACTIVE):
    arrangement = Arrangement.objects.create(
        corporation=contract.corporation,
        contract=contract,
        status=status,
        agreed_on=due - dt.timedelta(days=30),
        start_date=due,
        total_amount=Decimal(amount) * 2,
    )
    Installment.objects.create(
        corporation=contract.corporation,
        arrangement=arrangement,
        sequence=1,
        due_date=due,
        amount=Decimal(amount),
    )
    Installment.objects.create(
        corporation=contract.corporation,
        arrangement=arrangement,
        sequence=2,
        due_date=due + dt.timedelta(days=30),
        amount=Decimal(amount),
    )


def test_the_instalments_due_on_the_date_for_direct_debit_contracts(
    corporation, django_assert_max_num_queries
):
    debit = _debtor(corporation, 1)
    _arrangement(debit, COLLECTION, "150.00")
    transfer = ContractFactory(corporation=corporation, payment_method=PaymentMethod.TRANSFER)
    _arrangement(transfer, COLLECTION, "99.00")
    broken = _debtor(corporation, 3)
    _arrangement(broken, COLLECTION, "70.00", status=ArrangementStatus.BROKEN)
    # One query for the instalments, one for the rent of contracts that chose direct debit in the portal.
    with django_assert_max_num_queries(2):
        items = direct_debit_items_due(corporation=corporation, collection_date=COLLECTION)
    assert items == [DebitItem(debit.pk, Decimal("150.00"), "Termijn 1 betalingsregeling")]


def test_export_queries_do_not_grow_with_the_number_of_contracts(corporation, django_assert_max_num_queries):
    items = [DebitItem(_debtor(corporation, n).pk, Decimal("10.00")) for n in range(30)]
    with django_assert_max_num_queries(12):
        record, _ = direct_debit_export(
            corporation=corporation, collection_date=COLLECTION, items=items, actor="t"
        )
    assert record.count == 30


def test_the_command_writes_the_file(corporation, tmp_path, capsys):
    contract = _debtor(corporation, 1)
    _arrangement(contract, COLLECTION, "150.00")
    out = tmp_path / "incasso.xml"
    call_command(
        "export_direct_debit",
        "--corporation",
        "woonstad",
        "--collection-date",
        COLLECTION.isoformat(),
        "--output",
        str(out),
    )
    _validate(out.read_bytes())
    assert "1 collections, EUR 150.00" in capsys.readouterr().out
    with pytest.raises(CommandError, match="al geëxporteerd"):
        call_command(
            "export_direct_debit",
            "--corporation",
            "woonstad",
            "--collection-date",
            COLLECTION.isoformat(),
            "--output",
            str(out),
        )


def test_the_command_with_an_amounts_file(corporation, tmp_path):
    _debtor(corporation, 1)
    amounts = tmp_path / "bedragen.csv"
    amounts.write_text("contract_id;amount\nHO-1;42,50\n", encoding="utf-8")
    out = tmp_path / "incasso.xml"
    call_command(
        "export_direct_debit",
        "--corporation",
        "woonstad",
        "--collection-date",
        COLLECTION.isoformat(),
        "--amounts",
        str(amounts),
        "--output",
        str(out),
    )
    assert b'<InstdAmt Ccy="EUR">42.50</InstdAmt>' in out.read_bytes()
    amounts.write_text("HO-1;veel\nHO-404;1.00\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: amount 'veel'"):
        call_command(
            "export_direct_debit",
            "--corporation",
            "woonstad",
            "--collection-date",
            COLLECTION.isoformat(),
            "--amounts",
            str(amounts),
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--corporation", "nope", "--collection-date", "2030-01-01"], "no corporation"),
        (["--corporation", "woonstad", "--collection-date", "morgen"], "not a date"),
    ],
)
def test_the_command_rejects_bad_arguments(corporation, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_direct_debit", *args)
