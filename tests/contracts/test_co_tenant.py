"""Tenaamstelling: a tenant asks to have their ex-partner removed after a divorce, with the divorce decree;
the ex-partner consents in their own portal; a colleague sees the documents and consents and approves;
the ERP gets `contract.co_tenant_changed`. A missing document, or approving before the consent, is
refused with nothing changed; after a death no consent is asked."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scope

from tests.cases.conftest import JPEG
from tests.factories import ContractFactory, ContractTenantFactory, CorporationFactory, TenantFactory
from tests.world import staff_member
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import CoTenantChange, CoTenantConsent, CoTenantStatus
from vangnet.contracts.services.co_tenant import co_tenant_decide, co_tenant_request
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.messaging.links import portal_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def couple(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    corporation = CorporationFactory(slug="woonstad", name="Woonstad")
    case_types_install_defaults(corporation=corporation)
    contract = ContractFactory(
        corporation=corporation, source_id="HO-9", unit__street="Wilgenlaan", unit__house_number="4"
    )
    sara = TenantFactory(corporation=corporation, source_id="REL-91", first_name="Sara", last_name="Kok")
    tom = TenantFactory(corporation=corporation, source_id="REL-92", first_name="Tom", last_name="Kok")
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=sara, role="main")
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=tom, role="co")
    return contract, sara, tom


def _portal(tenant) -> Client:
    client = Client()
    token = portal_token(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)
    assert client.get(f"/portaal/link/{token}/").status_code == 302
    return client


def test_a_divorce_with_the_decree_and_the_ex_partners_consent_is_approved(couple):
    contract, sara, tom = couple
    portal = _portal(sara)
    page = portal.get("/portaal/tenaamstelling/").content.decode()
    assert "Echtscheidingsbeschikking, of een verklaring dat het samenwonen is beëindigd" in page
    missing = portal.post(
        "/portaal/tenaamstelling/", {"action": "start", "reason": "scheiding", "leaving": str(tom.pk)}
    )
    assert missing.status_code == 400
    assert "Stuur dit document mee: Echtscheidingsbeschikking" in missing.content.decode()
    assert not CoTenantChange.objects.exists()

    done = portal.post(
        "/portaal/tenaamstelling/",
        {
            "action": "start",
            "reason": "scheiding",
            "leaving": str(tom.pk),
            "document_scheiding": SimpleUploadedFile("beschikking.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert done.status_code == 302
    with scope(corporation=contract.corporation):
        change = CoTenantChange.objects.get()
    assert change.status == CoTenantStatus.CONSENT
    assert done["Location"] == f"/portaal/meldingen/{change.case_id}/"

    colleague = staff_member(contract.corporation, username="petra")
    assert "Tenaamstelling beoordelen" in colleague.client.get(f"/zaken/{change.case_id}/").content.decode()
    screen = colleague.client.get(f"/zaken/tenaamstelling/{change.pk}/").content.decode()
    assert "beschikking.pdf" in screen
    assert "Tom Kok: nog geen antwoord" in screen
    early = colleague.client.post(
        f"/zaken/tenaamstelling/{change.pk}/besluit/", {"besluit": "goedkeuren"}, follow=True
    )
    assert "Tom Kok heeft nog geen toestemming gegeven." in early.content.decode()
    change.refresh_from_db()
    assert change.status == CoTenantStatus.CONSENT
    assert not OutboundEvent.objects.filter(type="contract.co_tenant_changed").exists()

    tom_portal = _portal(tom)
    asked = tom_portal.get("/portaal/tenaamstelling/").content.decode()
    assert "Sara Kok vraagt om Tom Kok van het huurcontract van Wilgenlaan 4 af te halen." in asked
    consent = CoTenantConsent.objects.get()
    answered = tom_portal.post(
        "/portaal/tenaamstelling/", {"action": "consent", "consent": consent.pk, "agreed": "ja"}, follow=True
    )
    assert "Dank u wel. Wij hebben uw antwoord doorgegeven." in answered.content.decode()

    approved = colleague.client.post(
        f"/zaken/tenaamstelling/{change.pk}/besluit/", {"besluit": "goedkeuren"}, follow=True
    )
    assert "De aanvraag is goedgekeurd. Het ERP past het huurcontract aan." in approved.content.decode()
    change.refresh_from_db()
    assert change.status == CoTenantStatus.APPROVED
    assert change.case.stage == "goedgekeurd"
    event = OutboundEvent.objects.get(type="contract.co_tenant_changed")
    assert event.payload["contract_id"] == "HO-9"
    assert event.payload["change"] == "remove"
    assert event.payload["reason"] == "scheiding"
    assert event.payload["requested_by"] == "REL-91"
    assert event.payload["co_tenant"]["tenant_id"] == "REL-92"
    assert [c["tenant_id"] for c in event.payload["consents"]] == ["REL-92"]


def test_after_a_death_no_consent_is_asked_and_the_certificate_is_needed(couple):
    contract, sara, tom = couple
    with scope(corporation=contract.corporation):
        with pytest.raises(ApplicationError, match="Stuur dit document mee: Akte van overlijden"):
            co_tenant_request(
                tenant=sara,
                contract=contract,
                reason="overlijden",
                leaving=tom,
                documents={},
                as_of=clock.today(),
            )
        change = co_tenant_request(
            tenant=sara,
            contract=contract,
            reason="overlijden",
            leaving=tom,
            documents={"overlijden": SimpleUploadedFile("akte.jpg", JPEG, content_type="image/jpeg")},
            as_of=clock.today(),
        )
        assert change.status == CoTenantStatus.READY
        assert not CoTenantConsent.objects.exists()
        co_tenant_decide(change=change, approve=True, as_of=clock.today(), actor="test")
        assert OutboundEvent.objects.filter(type="contract.co_tenant_changed").count() == 1


def test_a_new_partner_needs_a_name_and_birth_date(couple):
    contract, sara, _tom = couple
    refused = _portal(sara).post(
        "/portaal/tenaamstelling/",
        {
            "action": "start",
            "reason": "partner",
            "document_inschrijving": SimpleUploadedFile("brp.pdf", PDF, content_type="application/pdf"),
        },
    )
    text = refused.content.decode()
    assert "Vul de naam van de nieuwe medehuurder in." in text
    assert "Vul de geboortedatum van de nieuwe medehuurder in." in text
    with scope(corporation=contract.corporation):
        change = co_tenant_request(
            tenant=sara,
            contract=contract,
            reason="partner",
            person_name="Noor Visser",
            birth_date=dt.date(1991, 5, 4),
            email="noor@partner.example",
            documents={"inschrijving": SimpleUploadedFile("brp.pdf", PDF, content_type="application/pdf")},
            as_of=clock.today(),
        )
    assert change.person_name == "Noor Visser"
    assert change.status == CoTenantStatus.CONSENT
