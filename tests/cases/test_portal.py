"""The tenant's side: report a repair with a photo from the phone, follow it, rate it; the accused's view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.cases.conftest import JPEG, PDF
from vangnet.cases.models import Case
from vangnet.cases.services import case_open, case_transition
from vangnet.messaging.links import portal_token


def portal_client(tenant) -> Client:
    client = Client()
    token = portal_token(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)
    assert client.get(f"/portaal/link/{token}/").status_code == 302
    return client


@pytest.fixture(autouse=True)
def _dutch(settings):
    settings.LANGUAGE_CODE = "nl"


def test_a_tenant_reports_a_leaking_tap_with_a_photo_and_rates_the_work(world, business_day):
    client = portal_client(world.reporter)
    choose = client.get("/portaal/melden/").content.decode()
    assert "Een reparatie melden" in choose
    form = client.get("/portaal/melden/reparatie/").content.decode()
    assert 'capture="environment"' in form
    assert "Kraan: De kraan lekt" in form
    response = client.post(
        "/portaal/melden/reparatie/",
        {
            "guide": "keuken/kraan/lekt",
            "answer_omschrijving": "Er lekt water onder de kraan.",
            "photos": [SimpleUploadedFile("kraan.jpg", JPEG, content_type="image/jpeg")],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portaal/meldingen/{case.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Wij hebben uw reparatieverzoek ontvangen." in page
    assert "Foto toegevoegd" in page
    for stage in ("opdracht", "afspraak", "uitgevoerd"):
        case_transition(case=case, to=stage, as_of=business_day, actor=world.colleague)
    page = client.get(f"/portaal/meldingen/{case.pk}/").content.decode()
    assert "De reparatie is klaar. Wilt u zeggen hoe tevreden u bent?" in page
    client.post(f"/portaal/meldingen/{case.pk}/beoordelen/", {"score": "5"})
    assert "U gaf een 5. Dank u wel!" in client.get(f"/portaal/meldingen/{case.pk}/").content.decode()
    assert "Keuken: De kraan lekt" in client.get("/portaal/").content.decode()


def test_the_tenants_own_small_repair_and_a_pdf_as_photo_are_refused_in_plain_dutch(world):
    client = portal_client(world.reporter)
    own = client.post(
        "/portaal/melden/reparatie/",
        {"guide": "keuken/kraan/druppelt", "answer_omschrijving": "Druppelt"},
    )
    assert own.status_code == 400
    assert "Deze reparatie doet u zelf" in own.content.decode()
    not_a_photo = client.post(
        "/portaal/melden/reparatie/",
        {
            "guide": "keuken/kraan/lekt",
            "answer_omschrijving": "Lekt",
            "photos": [SimpleUploadedFile("kraan.jpg", PDF, content_type="image/jpeg")],
        },
    )
    assert not_a_photo.status_code == 400
    assert "kraan.jpg kunnen we niet gebruiken. Stuur een PDF, JPG of PNG." in not_a_photo.content.decode()
    assert not Case.objects.exists()


def test_an_emergency_shows_the_phone_number_at_once(world):
    client = portal_client(world.reporter)
    response = client.post(
        "/portaal/melden/reparatie/", {"guide": "installaties/cv/gaslucht", "answer_omschrijving": "Gaslucht"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Dit is spoed. Bel ons nu:" in page
    assert "030-1112222" in page


def test_the_accused_sees_only_what_was_written_for_them(world, business_day):
    case = case_open(
        case_type=world.case_type("overlast"),
        as_of=business_day,
        actor="portal",
        channel="portal",
        tenant=world.reporter,
        accused=world.neighbour,
        answers={"soort": "geluid", "adres": "Lindelaan 12", "wat": "Harde muziek. Groet, Anna de Vries"},
    )
    client = portal_client(world.neighbour)
    assert (
        "Overlast"
        not in client.get("/portaal/").content.decode().split("Uw meldingen")[1].split("Berichten van ons")[0]
    )
    case_transition(case=case, to="gesprek-betrokkene", as_of=business_day, actor=world.colleague)
    for url in ("/portaal/", f"/portaal/meldingen/{case.pk}/"):
        page = client.get(url).content.decode()
        assert "Wij willen met u praten over een melding van overlast." in page
        for secret in ("Anna", "de Vries", "muziek", "Lindelaan 10", "Melding van overlast"):
            assert secret not in page
    assert client.post(f"/portaal/meldingen/{case.pk}/beoordelen/", {"score": "1"}).status_code == 404


def test_a_half_filled_report_is_kept_and_the_tenant_goes_on_later(world, business_day):
    client = portal_client(world.reporter)
    kept = client.post(
        "/portaal/melden/reparatie/",
        {"guide": "keuken/kraan/lekt", "answer_omschrijving": "Er lekt wat", "bewaren": "1"},
    )
    assert kept.status_code == 302
    assert Case.objects.count() == 0  # kept, not sent: a half-filled form changes nothing else
    page = client.get("/portaal/melden/reparatie/").content.decode()
    assert "Uw melding is bewaard. U kunt later verder gaan" in page
    assert "U gaat verder met de melding die u bewaarde op" in page
    assert "Er lekt wat</textarea>" in page
    assert '<option value="keuken/kraan/lekt" selected>' in page

    sent = client.post(
        "/portaal/melden/reparatie/",
        {"guide": "keuken/kraan/lekt", "answer_omschrijving": "Er lekt water onder de kraan."},
    )
    assert sent.status_code == 302
    assert Case.objects.count() == 1
    again = client.get("/portaal/melden/reparatie/").content.decode()
    assert "U gaat verder met de melding" not in again
    assert "Er lekt wat" not in again


def test_a_kept_report_belongs_to_its_own_form_and_keeps_no_more_than_a_form_takes(world):
    client = portal_client(world.reporter)
    client.post(
        "/portaal/melden/reparatie/",
        {"answer_omschrijving": "x" * 5000, "onbekend": "weg", "bewaren": "1"},
    )
    draft = client.session["portal-report-draft:reparatie"]["values"]
    assert draft == {"answer_omschrijving": "x" * 4000}
    other = client.get("/portaal/melden/klacht/")
    assert other.status_code == 200
    assert "U gaat verder met de melding" not in other.content.decode()
