"""The staff screen of lettings: every letting with where it stands (waiting for the signature, signed,
first rent and deposit paid, received by the ERP) in a bounded number of queries, and one letting with its
timeline, mandate and the signed PDF; another corporation's colleague sees none of it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from tests.contracts.conftest import new_unit, sent_code
from tests.factories import CorporationFactory, UnitFactory
from tests.world import staff_member
from vangnet.contracts.services.letting import letting_code_send, letting_create, letting_sign
from vangnet.core import clock
from vangnet.events.models import DeliveryStatus, EventDelivery, WebhookEndpoint
from vangnet.payments.models import PaymentRequest, PaymentRequestStatus


def _offer(corporation, reference: str, unit_id: str, last_name: str):
    return letting_create(
        corporation=corporation,
        reference=reference,
        person={
            "id": reference,
            "first_name": "Sam",
            "last_name": last_name,
            "email": f"{reference}@k.example",
        },
        unit_id=unit_id,
        start_date=clock.today() + dt.timedelta(days=30),
        rent="700.00",
        service_costs="30.00",
        deposit="700.00",
        as_of=clock.today(),
        actor="test",
    )


def _signed(letting):
    letting_code_send(letting=letting, tenant=letting.tenant, now=clock.now())
    return letting_sign(
        letting=letting,
        tenant=letting.tenant,
        code=sent_code(),
        name=f"Sam {letting.tenant.last_name}",
        now=clock.now(),
    )


@pytest.fixture
def lettings(db):
    corporation = CorporationFactory(name="Woonstad", slug="woonstad")
    new_unit(corporation)
    for number in range(2, 6):
        UnitFactory(corporation=corporation, source_id=f"E-NIEUW-{number}")
    with scope(corporation=corporation):
        WebhookEndpoint.objects.create(corporation=corporation, url="https://erp.example/hook", secret="x")
        waiting = _offer(corporation, "WRV-1", "E-NIEUW-1", "Jansen")
        signed = _signed(_offer(corporation, "WRV-2", "E-NIEUW-2", "Bos"))
        paid = _signed(_offer(corporation, "WRV-3", "E-NIEUW-3", "Smit"))
        PaymentRequest.objects.filter(pk=paid.payment_request_id).update(status=PaymentRequestStatus.PAID)
        EventDelivery.objects.filter(event__type="letting.signed", event__payload__reference="WRV-3").update(
            status=DeliveryStatus.DELIVERED
        )
    colleague = staff_member(corporation, username="petra")
    return corporation, colleague, waiting, signed, paid


def _row(page: str, reference: str) -> str:
    start = page.index(f">{reference}</a>")
    return page[start : page.index("</tr>", start)]


def test_the_list_shows_where_each_letting_stands_in_a_bounded_number_of_queries(lettings):
    corporation, colleague, *_ = lettings
    with CaptureQueriesContext(connection) as three:
        page = colleague.client.get("/zaken/verhuur/").content.decode()
    assert "Wacht op handtekening" in _row(page, "WRV-1")
    assert "Getekend, eerste betaling open" in _row(page, "WRV-2")
    assert "Nog niet ontvangen" in _row(page, "WRV-2")
    assert "Eerste huur en waarborgsom betaald" in _row(page, "WRV-3")
    assert "Ontvangen" in _row(page, "WRV-3")
    with scope(corporation=corporation):
        _offer(corporation, "WRV-4", "E-NIEUW-4", "Mol")
        _offer(corporation, "WRV-5", "E-NIEUW-5", "Kok")
    with CaptureQueriesContext(connection) as five:
        page = colleague.client.get("/zaken/verhuur/").content.decode()
    assert "WRV-5" in page
    assert len(five) == len(three)

    only_paid = colleague.client.get("/zaken/verhuur/?status=paid").content.decode()
    assert "WRV-3" in only_paid
    assert "WRV-2" not in only_paid
    assert 'href="/zaken/verhuur/"' in colleague.client.get("/zaken/").content.decode()


def test_the_detail_shows_the_timeline_and_the_signed_pdf(lettings):
    _corporation, colleague, waiting, signed, _paid = lettings
    page = colleague.client.get(f"/zaken/verhuur/{signed.pk}/").content.decode()
    assert "Getekend contract doorgegeven" in page
    assert "Getekend huurcontract (PDF)" in page
    assert "huurcontract-WRV-2-getekend.pdf" in page
    assert "Digitaal getekend door Sam Bos" in page
    pdf = colleague.client.get(f"/zaken/verhuur/{signed.pk}/contract.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"/ByteRange" in pdf.content
    case_page = colleague.client.get(f"/zaken/{waiting.case_id}/").content.decode()
    assert f'href="/zaken/verhuur/{waiting.pk}/"' in case_page
    unsigned = colleague.client.get(f"/zaken/verhuur/{waiting.pk}/contract.pdf")
    assert b"/ByteRange" not in unsigned.content


def test_another_corporations_colleague_sees_no_letting(lettings):
    _corporation, _colleague, waiting, _signed, _paid = lettings
    other = staff_member(CorporationFactory(slug="elders", name="Elders"), username="karel")
    assert other.client.get(f"/zaken/verhuur/{waiting.pk}/").status_code == 404
    assert "WRV-1" not in other.client.get("/zaken/verhuur/").content.decode()
