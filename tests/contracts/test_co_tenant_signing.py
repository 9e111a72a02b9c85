"""Tenaamstelling with a new co-tenant (issue 18): Sara asks to add her partner Noor; Noor gets a tenant
record and a personal link by e-mail, signs the amended contract naming every tenant in the portal (a wrong
code or name changes nothing), the sealed PDF validates; the decision task appears only once Tom consented
and Noor signed; approval puts Noor on the contract and tells the ERP."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scope
from pypdf import PdfReader

from tests.contracts.conftest import sent_code
from tests.contracts.test_letting import signature_status
from tests.factories import ContractFactory, ContractTenantFactory, CorporationFactory, TenantFactory
from vangnet.cases.models import Audience, CaseEntry
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import CoTenantStatus
from vangnet.contracts.services.co_tenant import (
    co_tenant_consent,
    co_tenant_decide,
    co_tenant_problems,
    co_tenant_request,
)
from vangnet.contracts.services.notices import decision_task_key
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.ledger.models import ContractTenant
from vangnet.tasks.models import Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def household(db):
    corporation = CorporationFactory(slug="woonstad", name="Woonstad", sender_email="info@woonstad.example")
    case_types_install_defaults(corporation=corporation)
    contract = ContractFactory(
        corporation=corporation,
        source_id="HO-9",
        unit__street="Wilgenlaan",
        unit__house_number="4",
        monthly_rent=Decimal("650.00"),
        monthly_service_costs=Decimal("25.00"),
    )
    sara = TenantFactory(corporation=corporation, source_id="REL-91", first_name="Sara", last_name="Kok")
    tom = TenantFactory(corporation=corporation, source_id="REL-92", first_name="Tom", last_name="Kok")
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=sara, role="main")
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=tom, role="co")
    return contract, sara, tom


def _request(contract, sara, django_capture_on_commit_callbacks, **overrides):
    values = {
        "tenant": sara,
        "contract": contract,
        "reason": "partner",
        "person_name": "Noor Visser",
        "birth_date": dt.date(1991, 5, 4),
        "email": "noor@partner.example",
        "documents": {"inschrijving": SimpleUploadedFile("brp.pdf", PDF, content_type="application/pdf")},
        "as_of": clock.today(),
    } | overrides
    with scope(corporation=contract.corporation), django_capture_on_commit_callbacks(execute=True):
        return co_tenant_request(**values)


def _decision_tasks(change) -> int:
    return Task.objects.filter(source_key=decision_task_key(change.case)).count()


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_a_new_co_tenant_needs_an_email_address(household, django_capture_on_commit_callbacks):
    contract, sara, _tom = household
    with pytest.raises(ApplicationError, match="Vul het e-mailadres van de nieuwe medehuurder in") as caught:
        _request(contract, sara, django_capture_on_commit_callbacks, email="noor@")
    assert caught.value.extra["fields"].keys() == {"email"}
    assert mail.outbox == []


def test_the_new_co_tenant_signs_and_only_then_a_colleague_decides(
    household, django_capture_on_commit_callbacks
):
    contract, sara, tom = household
    change = _request(contract, sara, django_capture_on_commit_callbacks)

    noor = change.new_tenant
    assert (noor.source_id, noor.display_name, noor.email, noor.birth_date) == (
        f"verhuur-tenaamstelling-{change.pk}",
        "Noor Visser",
        "noor@partner.example",
        dt.date(1991, 5, 4),
    )
    (invitation,) = mail.outbox
    assert invitation.to == ["noor@partner.example"]
    assert "Sara Kok vraagt of u medehuurder wordt van Wilgenlaan 4" in invitation.body
    link = re.search(r"(/portaal/link/\S+/\?naar=tekenen)", invitation.body)
    assert link is not None
    with scope(corporation=contract.corporation):
        entries = CaseEntry.objects.filter(case=change.case).order_by("pk")
        # The amended contract to sign is kept as sent; colleagues read the invitation, without the link.
        assert [e.file_name for e in entries if e.file_name.startswith("huurcontract")] == [
            "huurcontract-HO-9-aangepast.pdf"
        ]
        kept = entries.get(
            audience=Audience.INTERNAL, text__startswith="Teken het huurcontract als medehuurder"
        )
        assert "[persoonlijke link]" in kept.text and "/portaal/link/" not in kept.text
        co_tenant_consent(change=change, tenant=tom, agreed=True, now=clock.now())
        change.refresh_from_db()
        assert change.status == CoTenantStatus.CONSENT
        assert _decision_tasks(change) == 0
        assert co_tenant_problems(change) == [
            "Noor Visser heeft het aangepaste huurcontract nog niet getekend."
        ]
        with pytest.raises(ApplicationError, match="nog niet getekend"):
            co_tenant_decide(change=change, approve=True, as_of=clock.today(), actor="test")

    portal = Client()
    landed = portal.get(link[1])
    assert landed["Location"] == "/portaal/tenaamstelling/tekenen/"
    page = portal.get("/portaal/tenaamstelling/tekenen/").content.decode()
    assert "Sara Kok vraagt of u medehuurder wordt." in page
    to_sign = portal.get("/portaal/tenaamstelling/tekenen/contract.pdf")
    assert "Sara Kok, Tom Kok, Noor Visser" in _pdf_text(to_sign.content)
    assert "Nog niet getekend." in _pdf_text(to_sign.content)

    assert portal.post("/portaal/tenaamstelling/tekenen/", {"action": "send"}).status_code == 302
    code = sent_code()
    assert mail.outbox[-1].to == ["noor@partner.example"]
    wrong = portal.post(
        "/portaal/tenaamstelling/tekenen/",
        {"code": "000000" if code != "000000" else "111111", "name": "Noor Visser", "read": "on"},
    )
    assert wrong.status_code == 400
    assert "Deze code klopt niet." in wrong.content.decode()
    wrong_name = portal.post("/portaal/tenaamstelling/tekenen/", {"code": code, "name": "Noor", "read": "on"})
    assert "Typ uw volledige naam, zoals die in het contract staat." in wrong_name.content.decode()
    change.refresh_from_db()
    assert (change.signed_at, change.signed_pdf.name, _decision_tasks(change)) == (None, "", 0)

    signed = portal.post(
        "/portaal/tenaamstelling/tekenen/", {"code": code, "name": "noor  visser", "read": "on"}
    )
    assert signed.status_code == 302
    page = portal.get("/portaal/tenaamstelling/tekenen/").content.decode()
    assert "U heeft het huurcontract getekend. Wij laten u weten wat wij besluiten." in page
    pdf = portal.get("/portaal/tenaamstelling/tekenen/contract.pdf").content
    assert "Digitaal getekend door noor visser" in _pdf_text(pdf)
    status = signature_status(pdf)
    assert status.intact and status.bottom_line
    change.refresh_from_db()
    assert change.status == CoTenantStatus.READY
    assert _decision_tasks(change) == 1
    with scope(corporation=contract.corporation):
        assert CaseEntry.objects.filter(
            case=change.case, file_name="huurcontract-HO-9-aangepast-getekend.pdf", audience=Audience.PARTY
        ).exists()
        # The code's message reaches the timeline once used, for colleagues only.
        assert (
            CaseEntry.objects.get(case=change.case, text__contains="Uw code is").audience == Audience.INTERNAL
        )
        co_tenant_decide(change=change, approve=True, as_of=clock.today(), actor="test")
    assert ContractTenant.objects.get(contract=contract, tenant=noor).role == "co"
    event = OutboundEvent.objects.get(type="contract.co_tenant_changed")
    assert event.payload["change"] == "add"
    assert event.payload["co_tenant"]["tenant_id"] == noor.source_id
    assert event.payload["co_tenant"]["email"] == "noor@partner.example"
    assert event.payload["co_tenant"]["signed_at"] == change.signed_at.isoformat()
