"""The one-time code by SMS: a tenant with a mobile number chooses SMS, the code goes through the outbox's
SMS channel (template `handtekening-code`), they sign with it, and the SMS as sent is on the timeline; a
tenant without a mobile number (or who refused SMS) is not offered it, and asking anyway changes nothing."""

import re

import pytest
from django.test import Client
from django_scopes import scope

from tests.contracts.conftest import candidate, new_unit
from tests.factories import ContractFactory, ContractTenantFactory, CorporationFactory, TenantFactory
from vangnet.cases.models import CaseEntry
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import LettingStatus, SigningCode
from vangnet.contracts.services.letting import letting_create
from vangnet.contracts.services.payment_method import payment_method_change, payment_method_code_send
from vangnet.core import clock
from vangnet.ledger.models import PaymentMethod
from vangnet.messaging.links import portal_token
from vangnet.messaging.models import MessageStatus, OutgoingMessage


def _letting(corporation, phone: str):
    new_unit(corporation)
    body = candidate(person={**candidate()["person"], "phone_mobile": phone})
    with scope(corporation=corporation):
        return letting_create(
            corporation=corporation,
            reference=body["reference"],
            person=body["person"],
            unit_id=body["unit_id"],
            start_date=body["start_date"],
            rent=body["rent"],
            service_costs=body["service_costs"],
            deposit=body["deposit"],
            as_of=clock.today(),
            actor="test",
        )


def _portal(letting) -> Client:
    client = Client()
    token = portal_token(corporation_id=letting.corporation_id, tenant_id=letting.tenant_id)
    assert client.get(f"/portaal/link/{token}/").status_code == 302
    return client


@pytest.fixture
def corporation(db):
    corporation = CorporationFactory(slug="woonstad", name="Woonstad", phone="010-1234567")
    case_types_install_defaults(corporation=corporation)
    return corporation


def test_a_candidate_chooses_the_code_by_sms_and_signs_with_it(
    corporation, django_capture_on_commit_callbacks
):
    letting = _letting(corporation, "06-12345678")
    portal = _portal(letting)
    page = portal.get(f"/portaal/huurcontract/{letting.pk}/").content.decode()
    assert "Hoe wilt u de code krijgen?" in page
    assert "Per SMS naar 06-12345678" in page
    assert "Per e-mail naar sanne@kandidaat.example" in page

    with django_capture_on_commit_callbacks(execute=True):
        sent = portal.post(
            f"/portaal/huurcontract/{letting.pk}/", {"action": "send", "via": "sms"}, follow=True
        )
    with scope(corporation=corporation):
        sms = OutgoingMessage.objects.get(template_code="handtekening-code")
        assert sms.channel == "sms"
        assert sms.status == MessageStatus.SENT
        found = re.search(r"code om te tekenen is (\d{6})\.", sms.body_text)
        assert found is not None, sms.body_text
        assert sms.body_text.startswith("Woonstad: uw code om te tekenen is")
        assert "Bel 010-1234567." in sms.body_text
        assert sms.render_data == {}
        assert SigningCode.objects.get().channel == "sms"
    assert f"Wij hebben een code gestuurd naar {sms.address}." in sent.content.decode()

    signed = portal.post(
        f"/portaal/huurcontract/{letting.pk}/",
        {"code": found[1], "name": "Sanne Jansen", "read": "on"},
        follow=True,
    )
    assert "U heeft het huurcontract getekend. Welkom!" in signed.content.decode()
    with scope(corporation=corporation):
        letting.refresh_from_db()
        assert letting.status == LettingStatus.SIGNED
        texts = list(CaseEntry.objects.filter(case=letting.case).values_list("text", flat=True))
    assert f"Code om te tekenen per SMS gestuurd naar {sms.address}." in texts
    assert f"SMS naar {sms.address}:\n\n{sms.body_text}" in texts


def test_without_a_mobile_number_only_email_is_offered_and_sms_is_refused(corporation):
    letting = _letting(corporation, "")
    portal = _portal(letting)
    page = portal.get(f"/portaal/huurcontract/{letting.pk}/").content.decode()
    assert "Wij sturen u een code per e-mail." in page
    assert "Per SMS naar" not in page
    refused = portal.post(
        f"/portaal/huurcontract/{letting.pk}/", {"action": "send", "via": "sms"}, follow=True
    )
    assert "Wij kunnen u geen SMS sturen. Kies voor e-mail, of bel ons." in refused.content.decode()
    with scope(corporation=corporation):
        assert not SigningCode.objects.exists()
        assert not OutgoingMessage.objects.exists()


def test_a_mandate_signed_with_a_code_by_sms_keeps_the_sms_on_its_timeline(
    corporation, django_capture_on_commit_callbacks
):
    contract = ContractFactory(
        corporation=corporation, source_id="HO-77", payment_method=PaymentMethod.TRANSFER
    )
    tenant = TenantFactory(
        corporation=corporation, first_name="Eva", last_name="Ünal", email="", phone_mobile="0687654321"
    )
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=tenant)
    with scope(corporation=corporation), django_capture_on_commit_callbacks(execute=True):
        where = payment_method_code_send(contract=contract, tenant=tenant, now=clock.now(), channel="sms")
    with scope(corporation=corporation):
        sms = OutgoingMessage.objects.get(template_code="handtekening-code")
    assert where == sms.address
    code = re.search(r"(\d{6})", sms.body_text)
    assert code is not None, (sms.status, sms.body_text, sms.last_error)
    with scope(corporation=corporation):
        change = payment_method_change(
            contract=contract,
            tenant=tenant,
            method=PaymentMethod.DIRECT_DEBIT,
            iban="NL44 RABO 0123 4567 89",
            account_holder="E. Ünal",
            collection_day=5,
            code=code[1],
            name="Eva Ünal",
            now=clock.now(),
        )
        texts = list(CaseEntry.objects.filter(case=change.case).values_list("text", flat=True))
    assert f"SMS naar {sms.address}:\n\n{sms.body_text}" in texts
