"""Instalments by direct debit follow the arrangement's own payment method and mandate."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import ContractFactory, ContractTenantFactory, CorporationFactory, LedgerEntryFactory
from vangnet.arrangements.services import arrangement_create
from vangnet.ledger.models import PaymentMethod
from vangnet.payments.direct_debit import direct_debit_export, direct_debit_items_due

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
COLLECTION = TODAY + dt.timedelta(days=5)


@pytest.fixture
def corporation(db):
    return CorporationFactory(iban="NL91ABNA0417164300", bic="ABNANL2A", creditor_id="NL40ZZZ878787780000")


def _contract(corporation, **kwargs):
    contract = ContractFactory(corporation=corporation, **kwargs)
    ContractTenantFactory(corporation=corporation, contract=contract)
    LedgerEntryFactory(contract=contract, amount=Decimal("700.00"), booking_date=TODAY, due_date=TODAY)
    return contract


def _arrange(contract, method, iban=""):
    return arrangement_create(
        contract=contract,
        total=Decimal("600.00"),
        start_date=COLLECTION,
        count=3,
        payment_method=method,
        debit_iban=iban,
        actor="test",
        as_of=TODAY,
    )


def test_own_mandate_on_a_transfer_contract_and_link_on_a_debit_contract(corporation):
    own = _contract(corporation, payment_method=PaymentMethod.TRANSFER)
    arrangement = _arrange(own, "direct_debit", "NL44RABO0123456789")
    by_link = _contract(
        corporation,
        payment_method=PaymentMethod.DIRECT_DEBIT,
        mandate_id="M-1",
        mandate_date=dt.date(2023, 1, 1),
        debit_iban="NL44RABO0123456789",
    )
    _arrange(by_link, "link")
    contract_mandate = _contract(
        corporation,
        payment_method=PaymentMethod.TRANSFER,
        mandate_id="M-2",
        mandate_date=dt.date(2023, 1, 1),
        debit_iban="NL02ABNA0123456789",
    )
    _arrange(contract_mandate, "direct_debit")

    items = direct_debit_items_due(corporation=corporation, collection_date=COLLECTION)

    assert {item.contract_id for item in items} == {own.pk, contract_mandate.pk}
    mine = next(item for item in items if item.contract_id == own.pk)
    assert (
        mine.iban == "NL44RABO0123456789"
        and mine.mandate_id == arrangement.mandate_id == f"VNG-BR-{arrangement.pk}"
    )
    assert mine.amount == Decimal("200.00")
    record, _data = direct_debit_export(
        corporation=corporation, collection_date=COLLECTION, items=items, actor="test"
    )
    lines = {line["contract_id"]: line for line in record.items}
    assert (lines[own.pk]["mandate_id"], lines[own.pk]["iban"]) == (
        f"VNG-BR-{arrangement.pk}",
        "NL44RABO0123456789",
    )
    assert (lines[contract_mandate.pk]["mandate_id"], lines[contract_mandate.pk]["iban"]) == (
        "M-2",
        "NL02ABNA0123456789",
    )
