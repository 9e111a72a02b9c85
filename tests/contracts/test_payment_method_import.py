"""A change of payment method the ERP has not processed yet survives its deliveries: a snapshot that still
lists the old method does not set it back (the next pain.008 still collects), one that lists the new method
marks it processed, and after that the ERP's word counts again."""

import datetime as dt

import pytest
from django_scopes import scope
from lxml import etree

from tests.contracts.conftest import sent_code
from tests.contracts.test_payment_method import NS
from tests.ledger.erp_files import CONTRACT_TENANTS, CONTRACTS, LEDGER, TENANTS, write_delivery
from vangnet.contracts.models import ChangeStatus, PaymentMethodChange
from vangnet.contracts.services.payment_method import payment_method_change, payment_method_code_send
from vangnet.core import clock
from vangnet.core.models import Corporation
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import Contract, PaymentMethod
from vangnet.ledger.services.imports import import_erp_data
from vangnet.payments.direct_debit import direct_debit_export, direct_debit_items_due
from vangnet.tenants.models import Tenant

EVA = {
    "tenant_id": "R4",
    "kind": "person",
    "first_name": "Eva",
    "last_name": "Ünal",
    "email": "eva@huurder.example",
}
OPEN_INVOICE = {
    "entry_id": "B9",
    "contract_id": "H2",
    "kind": "invoice",
    "booking_date": "2026-12-01",
    "due_date": "2026-12-01",
    "amount": "1200.00",
}


@pytest.fixture
def corporation(db):
    return Corporation.objects.create(
        slug="woonstad",
        name="Woonstad",
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
        creditor_id="NL40ZZZ878787780000",
        sender_email="info@woonstad.example",
    )


def _deliver(corporation, directory, *, h2: dict | None = None):
    contracts = [row if row["contract_id"] != "H2" else {**row, **(h2 or {})} for row in CONTRACTS]
    files = write_delivery(
        directory,
        tenants=[*TENANTS, EVA],
        contracts=contracts,
        contract_tenants=[*CONTRACT_TENANTS, {"contract_id": "H2", "tenant_id": "R4", "role": "main"}],
        ledger_entries=[*LEDGER, OPEN_INVOICE],
    )
    run = import_erp_data(
        corporation=corporation, source=CsvSetSource([files]), mode="snapshot", actor="test"
    )
    assert run.status == "applied", run.errors
    return run


def _collected(corporation, day: dt.date) -> list[tuple[str, str, str]]:
    items = direct_debit_items_due(corporation=corporation, collection_date=day)
    if not items:
        return []
    _record, data = direct_debit_export(
        corporation=corporation, collection_date=day, items=items, actor="test"
    )
    return [
        (
            line.findtext(".//p:InstdAmt", namespaces=NS),
            line.findtext(".//p:MndtId", namespaces=NS),
            line.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS),
        )
        for line in etree.fromstring(data).findall(".//p:DrctDbtTxInf", NS)
    ]


def test_an_erp_snapshot_with_the_old_method_does_not_set_back_a_switch_to_direct_debit(
    corporation, tmp_path
):
    _deliver(corporation, tmp_path / "first")
    with scope(corporation=corporation):
        contract = Contract.objects.get(source_id="H2")
        tenant = Tenant.objects.get(source_id="R4")
        payment_method_code_send(contract=contract, tenant=tenant, now=clock.now())
        change = payment_method_change(
            contract=contract,
            tenant=tenant,
            method=PaymentMethod.DIRECT_DEBIT,
            iban="NL44 RABO 0123 4567 89",
            account_holder="E. Ünal",
            collection_day=5,
            code=sent_code(),
            name="Eva Ünal",
            now=clock.now(),
        )
    assert change.status == ChangeStatus.PENDING

    # The ERP has not processed it: its snapshot still says transfer, without a mandate.
    _deliver(corporation, tmp_path / "old")

    with scope(corporation=corporation):
        contract.refresh_from_db()
        assert contract.payment_method == PaymentMethod.DIRECT_DEBIT
        assert contract.debit_iban == "NL44RABO0123456789"
        assert PaymentMethodChange.objects.get().status == ChangeStatus.PENDING
        today = clock.today()
        collection = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 5)
        assert _collected(corporation, collection) == [("1200.00", change.mandate_id, "NL44RABO0123456789")]

    # The ERP processed it: the change is done, and from then on the ERP's word counts again.
    shown = {
        "payment_method": "direct_debit",
        "debit_iban": "NL44RABO0123456789",
        "mandate_id": change.mandate_id,
    }
    _deliver(corporation, tmp_path / "new", h2=shown)
    with scope(corporation=corporation):
        processed = PaymentMethodChange.objects.get()
        assert processed.status == ChangeStatus.PROCESSED
        assert processed.processed_at is not None
    _deliver(corporation, tmp_path / "later")
    with scope(corporation=corporation):
        contract.refresh_from_db()
        assert contract.payment_method == PaymentMethod.TRANSFER


def test_a_delivery_without_the_contract_leaves_the_change_pending(corporation, tmp_path):
    _deliver(corporation, tmp_path / "first")
    with scope(corporation=corporation):
        contract = Contract.objects.get(source_id="H2")
        tenant = Tenant.objects.get(source_id="R4")
        payment_method_code_send(contract=contract, tenant=tenant, now=clock.now())
        payment_method_change(
            contract=contract,
            tenant=tenant,
            method=PaymentMethod.DIRECT_DEBIT,
            iban="NL44 RABO 0123 4567 89",
            account_holder="E. Ünal",
            collection_day=5,
            code=sent_code(),
            name="Eva Ünal",
            now=clock.now(),
        )
    # A delta of ledger entries only says nothing about the contract's payment method.
    entries = tmp_path / "entries"
    entries.mkdir()
    write_delivery(entries)
    for name in ("tenants", "units", "contracts", "contract_tenants"):
        (entries / f"{name}.csv").unlink()
    run = import_erp_data(corporation=corporation, source=CsvSetSource([entries]), mode="delta", actor="test")
    assert run.status == "applied", run.errors
    with scope(corporation=corporation):
        assert PaymentMethodChange.objects.get().status == ChangeStatus.PENDING
        contract.refresh_from_db()
        assert contract.payment_method == PaymentMethod.DIRECT_DEBIT
