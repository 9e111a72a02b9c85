"""Change payment method: to direct debit with IBAN, collection day and the mandate signed with the code and
the name; refused after repeated returns or with a bad IBAN (nothing written); the next pain.008 collects the
rent; the ERP gets the change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django_scopes import scope
from lxml import etree

from tests.contracts.conftest import sent_code
from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    LedgerEntryFactory,
    TenantFactory,
)
from vangnet.cases.models import CaseEntry
from vangnet.contracts.models import PaymentMethodChange
from vangnet.contracts.services.payment_method import payment_method_change, payment_method_code_send
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.ledger.models import EntryKind, PaymentMethod
from vangnet.payments.direct_debit import direct_debit_export, direct_debit_items_due

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


@pytest.fixture
def household(db):
    corporation = CorporationFactory(
        name="Woonstad",
        slug="woonstad",
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
        creditor_id="NL40ZZZ878787780000",
        sender_email="info@woonstad.example",
    )
    contract = ContractFactory(
        corporation=corporation,
        source_id="HO-77",
        payment_method=PaymentMethod.TRANSFER,
        monthly_rent=Decimal("650.00"),
        monthly_service_costs=Decimal("25.00"),
    )
    tenant = TenantFactory(
        corporation=corporation, first_name="Eva", last_name="Ünal", email="eva@huurder.example"
    )
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=tenant)
    LedgerEntryFactory(contract=contract, amount=Decimal("675.00"))
    with scope(corporation=corporation):
        yield contract, tenant


def _switch(contract, tenant, **overrides):
    values = {
        "method": PaymentMethod.DIRECT_DEBIT,
        "iban": "NL44 RABO 0123 4567 89",
        "account_holder": "E. Ünal",
        "collection_day": 5,
        "name": "Eva Ünal",
    }
    values.update(overrides)
    return payment_method_change(contract=contract, tenant=tenant, now=clock.now(), **values)


def test_a_switch_to_direct_debit_is_collected_by_the_next_pain008(household):
    contract, tenant = household
    payment_method_code_send(contract=contract, tenant=tenant, now=clock.now())
    assert mail.outbox[-1].to == ["eva@huurder.example"]
    change = _switch(contract, tenant, code=sent_code())
    contract.refresh_from_db()
    assert contract.payment_method == PaymentMethod.DIRECT_DEBIT
    assert contract.debit_iban == "NL44RABO0123456789"
    assert change.mandate_id == contract.mandate_id
    event = OutboundEvent.objects.get(type="contract.payment_method_changed")
    assert event.payload["collection_day"] == 5
    assert event.payload["iban"] == "NL44RABO0123456789"
    texts = list(CaseEntry.objects.filter(case=change.case).values_list("text", flat=True))
    assert any("Machtiging SEPA-incasso" in text and "Getekend door Eva Ünal" in text for text in texts)
    assert any(sent_code() in text for text in texts)

    today = clock.today()
    collection = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 5)
    items = direct_debit_items_due(corporation=contract.corporation, collection_date=collection)
    assert [(i.contract_id, i.amount) for i in items] == [(contract.pk, Decimal("675.00"))]
    assert (
        direct_debit_items_due(corporation=contract.corporation, collection_date=collection.replace(day=6))
        == []
    )
    _record, data = direct_debit_export(
        corporation=contract.corporation, collection_date=collection, items=items, actor="test"
    )
    document = etree.fromstring(data)
    (line,) = document.findall(".//p:DrctDbtTxInf", NS)
    assert line.findtext(".//p:InstdAmt", namespaces=NS) == "675.00"
    assert line.findtext(".//p:MndtId", namespaces=NS) == change.mandate_id
    assert line.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == "NL44RABO0123456789"


def test_a_bad_iban_or_a_wrong_code_changes_nothing(household):
    contract, tenant = household
    payment_method_code_send(contract=contract, tenant=tenant, now=clock.now())
    with pytest.raises(ApplicationError, match="IBAN"):
        _switch(contract, tenant, iban="NL00RABO0123456789", code=sent_code())
    wrong = "000000" if sent_code() != "000000" else "111111"
    with pytest.raises(ApplicationError, match="Deze code klopt niet"):
        _switch(contract, tenant, code=wrong)
    contract.refresh_from_db()
    assert contract.payment_method == PaymentMethod.TRANSFER
    assert not PaymentMethodChange.objects.exists()
    assert not OutboundEvent.objects.filter(type="contract.payment_method_changed").exists()


def test_direct_debit_is_refused_after_repeated_returns(household):
    contract, tenant = household
    for days in (20, 50, 80):
        LedgerEntryFactory(
            contract=contract,
            kind=EntryKind.REVERSAL,
            amount=Decimal("675.00"),
            booking_date=clock.today() - dt.timedelta(days=days),
        )
    payment_method_code_send(contract=contract, tenant=tenant, now=clock.now())
    with pytest.raises(ApplicationError, match="konden wij de huur een paar keer niet"):
        _switch(contract, tenant, code=sent_code())
    assert not PaymentMethodChange.objects.exists()
