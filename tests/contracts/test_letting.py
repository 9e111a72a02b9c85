"""Letting: the allocation system sends a candidate (API or CSV), the candidate signs in the portal after the
one-time code, the PDF is sealed with a signature that validates, the first payment gets a pay link, the ERP
gets the events; a wrong code or name changes nothing."""

import io
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scope
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.api.clients import ApiClient, make_client
from tests.contracts.conftest import candidate, new_unit, sent_code
from vangnet.cases.models import CaseEntry
from vangnet.contracts.imports import lettings_import
from vangnet.contracts.models import Letting, LettingStatus
from vangnet.contracts.signing import seal_certificate_paths
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.ledger.models import Contract
from vangnet.messaging.links import portal_token


def signature_status(pdf: bytes):
    """pyHanko's validator, trusting the seal's certificate; in a thread of its own, because it runs an
    event loop and a browser test already has one."""
    cert_path, _key = seal_certificate_paths()

    def validate():
        context = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_path))])
        (embedded,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
        return validate_pdf_signature(embedded, context)

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate).result()


@pytest.fixture
def api(db) -> ApiClient:
    client = make_client("woonstad", "Woonstad")
    new_unit(client.corporation)
    return client


def _portal(corporation, tenant):
    client = Client()
    token = portal_token(corporation_id=corporation.pk, tenant_id=tenant.pk)
    assert client.get(f"/portaal/link/{token}/").status_code == 302
    return client


def test_a_candidate_from_the_api_signs_and_the_seal_validates(api):
    response = api.post_json("/api/v1/lettings", candidate())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "waiting"
    assert body["tenant_id"] == "verhuur-WRV-P-981"
    with scope(corporation=api.corporation):
        letting = Letting.objects.select_related("tenant").get(pk=body["id"])
        assert OutboundEvent.objects.filter(type="letting.offered").count() == 1
    portal = _portal(api.corporation, letting.tenant)
    page = portal.get("/portaal/").content.decode()
    assert "Huurcontract voor Kastanjelaan 7" in page
    pdf = portal.get(f"/portaal/huurcontract/{letting.pk}/contract.pdf")
    assert pdf["Content-Type"] == "application/pdf"

    portal.post(f"/portaal/huurcontract/{letting.pk}/", {"action": "send"})
    assert mail.outbox[-1].to == ["sanne@kandidaat.example"]
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    refused = portal.post(
        f"/portaal/huurcontract/{letting.pk}/", {"code": wrong, "name": "Sanne Jansen", "read": "on"}
    )
    assert refused.status_code == 400
    assert "Deze code klopt niet." in refused.content.decode()
    wrong_name = portal.post(
        f"/portaal/huurcontract/{letting.pk}/", {"code": code, "name": "Iemand Anders", "read": "on"}
    )
    assert "Typ uw volledige naam" in wrong_name.content.decode()
    with scope(corporation=api.corporation):
        assert Letting.objects.get(pk=letting.pk).status == LettingStatus.WAITING
        assert not Contract.objects.filter(source_id="verhuur-WRV-2026-0042").exists()

    signed = portal.post(
        f"/portaal/huurcontract/{letting.pk}/",
        {"code": code, "name": "sanne  jansen", "read": "on"},
        follow=True,
    )
    text = signed.content.decode()
    assert "U heeft het huurcontract getekend." in text
    with scope(corporation=api.corporation):
        letting.refresh_from_db()
        assert letting.status == LettingStatus.SIGNED
        contract = Contract.objects.get(source_id="verhuur-WRV-2026-0042")
        assert contract.monthly_rent == Decimal("712.40")
        # 15 February 2027: 14 of 28 days of € 747,40, plus the deposit.
        assert letting.payment_request.amount == Decimal("373.70") + Decimal("750.00")
        assert (
            OutboundEvent.objects.filter(type="letting.signed").get().payload["contract_id"]
            == "verhuur-WRV-2026-0042"
        )
        documents = list(CaseEntry.objects.filter(case=letting.case, kind="document").order_by("pk"))
        assert [d.file_name for d in documents] == [
            "huurcontract-WRV-2026-0042.pdf",
            "huurcontract-WRV-2026-0042-getekend.pdf",
        ]
        assert CaseEntry.objects.filter(case=letting.case, kind="message", text__contains=code).exists()
        letting.case.refresh_from_db()
        assert letting.case.stage == "getekend"
    assert "€ 1.123,70" in text
    sealed = portal.get(f"/portaal/huurcontract/{letting.pk}/contract.pdf").content
    status = signature_status(sealed)
    assert status.intact
    assert status.valid
    assert status.bottom_line


def test_a_bad_candidate_is_refused_naming_every_field_and_nothing_is_written(api):
    response = api.post_json(
        "/api/v1/lettings", candidate(unit_id="E-ONBEKEND", start_date="2020-01-01", rent="-5")
    )
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"unit_id", "start_date", "rent"}
    with scope(corporation=api.corporation):
        assert not Letting.objects.exists()


def test_the_csv_import_is_all_or_nothing(api):
    corporation = api.corporation
    header = (
        "kenmerk;persoon_id;voornaam;achternaam;email;eenheid;ingangsdatum;huur;servicekosten;waarborgsom\n"
    )
    good = "WRV-1;P-1;Piet;Bos;piet@kandidaat.example;E-NIEUW-1;2027-03-01;650,00;20,00;650,00\n"
    bad = "WRV-2;P-2;Els;;els@kandidaat.example;E-WEG;01-03-2027;abc;;\n"
    with scope(corporation=corporation):
        with pytest.raises(ApplicationError, match="afgewezen") as refused:
            lettings_import(
                corporation=corporation,
                data=(header + good + bad).encode(),
                as_of=clock.today(),
                actor="test",
            )
        errors = refused.value.extra["errors"]
        assert {(e["row"], e["field"]) for e in errors} == {
            (3, "achternaam"),
            (3, "eenheid"),
            (3, "ingangsdatum"),
            (3, "huur"),
        }
        assert not Letting.objects.exists()
        (letting,) = lettings_import(
            corporation=corporation, data=(header + good).encode(), as_of=clock.today(), actor="test"
        )
        assert letting.monthly_rent == Decimal("650.00")
        assert letting.tenant.display_name == "Piet Bos"
