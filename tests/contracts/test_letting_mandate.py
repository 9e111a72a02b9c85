"""Letting with direct debit: the candidate chooses direct debit while signing, the same code and typed name
sign the mandate (IBAN checked, a collection day the corporation allows), the mandate is recorded like a
change of payment method, and the first pain.008 from the start date collects the rent; a bad IBAN, a day
the corporation does not allow or a wrong code changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scope
from lxml import etree

from tests.contracts.conftest import new_unit, sent_code
from tests.factories import CorporationFactory, LedgerEntryFactory
from vangnet.cases.models import CaseEntry
from vangnet.contracts.models import ChangeStatus, Letting, LettingStatus, PaymentMethodChange
from vangnet.contracts.services.common import case_type_of_kind
from vangnet.contracts.services.letting import letting_code_send, letting_create, letting_sign
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.ledger.models import Contract, PaymentMethod
from vangnet.messaging.links import portal_token
from vangnet.payments.direct_debit import direct_debit_export, direct_debit_items_due

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


def _month_after(day: dt.date, months: int = 1) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def offered(db):
    corporation = CorporationFactory(
        name="Woonstad",
        slug="woonstad",
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
        creditor_id="NL40ZZZ878787780000",
        sender_email="info@woonstad.example",
    )
    new_unit(corporation)
    start = _month_after(clock.today()).replace(day=15)
    with scope(corporation=corporation):
        letting = letting_create(
            corporation=corporation,
            reference="WRV-2026-0042",
            person={"id": "P-1", "first_name": "Sanne", "last_name": "Jansen", "email": "sanne@k.example"},
            unit_id="E-NIEUW-1",
            start_date=start,
            rent="712.40",
            service_costs="35.00",
            deposit="750.00",
            as_of=clock.today(),
            actor="test",
        )
        yield letting


def _portal(letting) -> Client:
    client = Client()
    token = portal_token(corporation_id=letting.corporation_id, tenant_id=letting.tenant_id)
    assert client.get(f"/portaal/link/{token}/").status_code == 302
    return client


def test_direct_debit_chosen_while_signing_is_collected_by_the_first_pain008_after_the_start(offered):
    letting = offered
    portal = _portal(letting)
    page = portal.get(f"/portaal/huurcontract/{letting.pk}/").content.decode()
    assert "Automatische incasso: wij schrijven de huur elke maand af" in page
    portal.post(f"/portaal/huurcontract/{letting.pk}/", {"action": "send"})
    signed = portal.post(
        f"/portaal/huurcontract/{letting.pk}/",
        {
            "method": "direct_debit",
            "iban": "NL44 RABO 0123 4567 89",
            "account_holder": "S. Jansen",
            "collection_day": "5",
            "code": sent_code(),
            "name": "Sanne Jansen",
            "read": "on",
        },
        follow=True,
    )
    text = signed.content.decode()
    assert "U heeft het huurcontract getekend." in text
    assert "U betaalt de huur met automatische incasso van rekening NL44RABO0123456789." in text
    assert len(mail.outbox) == 1

    letting.refresh_from_db()
    contract = Contract.objects.get(pk=letting.contract_id)
    assert contract.payment_method == PaymentMethod.DIRECT_DEBIT
    change = PaymentMethodChange.objects.get(contract=contract)
    assert change.status == ChangeStatus.PENDING
    assert change.case_id == letting.case_id
    assert contract.mandate_id == change.mandate_id
    mandate = CaseEntry.objects.get(case=letting.case, text__startswith="Machtiging SEPA-incasso")
    assert "NL44RABO0123456789" in mandate.text
    assert "Getekend door Sanne Jansen" in mandate.text
    payment = OutboundEvent.objects.get(type="letting.signed").payload["payment"]
    first = _month_after(letting.start_date).replace(day=5)
    assert payment["method"] == "direct_debit"
    assert payment["mandate_id"] == change.mandate_id
    assert payment["first_collection"] == first.isoformat()

    # The ERP books the rent of the first whole month; the 5th of the start month (before the start date)
    # collects nothing, the 5th after the start collects the month's rent.
    LedgerEntryFactory(contract=contract, amount=Decimal("747.40"), booking_date=first.replace(day=1))
    corporation = letting.corporation
    before = letting.start_date.replace(day=5)
    assert direct_debit_items_due(corporation=corporation, collection_date=before) == []
    items = direct_debit_items_due(corporation=corporation, collection_date=first)
    assert [(item.contract_id, item.amount) for item in items] == [(contract.pk, Decimal("747.40"))]
    _record, data = direct_debit_export(
        corporation=corporation, collection_date=first, items=items, actor="test"
    )
    (line,) = etree.fromstring(data).findall(".//p:DrctDbtTxInf", NS)
    assert line.findtext(".//p:MndtId", namespaces=NS) == change.mandate_id
    assert line.findtext(".//p:InstdAmt", namespaces=NS) == "747.40"
    assert line.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == "NL44RABO0123456789"


def _sign(letting, **overrides):
    values = {
        "method": PaymentMethod.DIRECT_DEBIT,
        "iban": "NL44RABO0123456789",
        "account_holder": "S. Jansen",
        "collection_day": 5,
        "name": "Sanne Jansen",
    }
    values.update(overrides)
    return letting_sign(letting=letting, tenant=letting.tenant, now=clock.now(), **values)


def test_a_bad_iban_a_day_the_corporation_does_not_allow_or_a_wrong_code_signs_nothing(offered):
    letting = offered
    case_type = case_type_of_kind(letting.corporation, "payment_method")
    case_type.settings = {**case_type.settings, "collection_days": [1, 15]}
    case_type.save(update_fields=["settings"])
    letting_code_send(letting=letting, tenant=letting.tenant, now=clock.now())
    code = sent_code()
    with pytest.raises(ApplicationError, match="Dit rekeningnummer \\(IBAN\\) klopt niet"):
        _sign(letting, iban="NL00RABO0123456789", code=code)
    with pytest.raises(ApplicationError, match="Kies een van deze dagen: 1, 15"):
        _sign(letting, code=code)
    with pytest.raises(ApplicationError, match="Vul de naam in die bij dit rekeningnummer hoort"):
        _sign(letting, account_holder=" ", collection_day=15, code=code)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ApplicationError, match="Deze code klopt niet"):
        _sign(letting, collection_day=15, code=wrong)
    assert Letting.objects.get(pk=letting.pk).status == LettingStatus.WAITING
    assert not Contract.objects.exists()
    assert not PaymentMethodChange.objects.exists()
    assert not OutboundEvent.objects.filter(type="letting.signed").exists()

    _sign(letting, collection_day=15, code=code)
    change = PaymentMethodChange.objects.get()
    assert change.collection_day == 15


def test_the_portal_names_the_bad_iban_next_to_its_field(offered):
    letting = offered
    portal = _portal(letting)
    portal.post(f"/portaal/huurcontract/{letting.pk}/", {"action": "send"})
    refused = portal.post(
        f"/portaal/huurcontract/{letting.pk}/",
        {
            "method": "direct_debit",
            "iban": "NL00 RABO 0123 4567 89",
            "account_holder": "S. Jansen",
            "collection_day": "5",
            "code": sent_code(),
            "name": "Sanne Jansen",
            "read": "on",
        },
    )
    assert refused.status_code == 400
    assert "Dit rekeningnummer (IBAN) klopt niet." in refused.content.decode()
    assert not Contract.objects.exists()
