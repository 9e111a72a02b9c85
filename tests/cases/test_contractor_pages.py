"""The pages around a work order: the colleague adds a contractor and gives the order, the contractor's own
link (only address, problem, photos and phone of the tenant) with the free slots of their agenda, the
tenant's confirmation and move in the portal; a tampered link and a taken slot get a clear page and change
nothing."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.cases.conftest import JPEG
from tests.cases.test_portal import portal_client
from vangnet.appointments.services import booking_make
from vangnet.appointments.slots import moment_text
from vangnet.cases.links import work_order_token
from vangnet.cases.models import Case, Contractor, WorkOrder
from vangnet.cases.orders import contractor_agenda, free_moments
from vangnet.cases.services import case_open, case_transition, contractor_create, work_order_issue
from vangnet.core.language import written_moment


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MESSAGING_MAILER = "default"


@pytest.fixture
def staff(world, business_day) -> Client:
    client = Client()
    client.force_login(world.colleague)
    client.get("/")
    return client


def leaking_tap(world, as_of) -> Case:
    return case_open(
        case_type=world.case_type("reparatie"),
        as_of=as_of,
        actor="portal",
        channel="portal",
        tenant=world.reporter,
        answers={"omschrijving": "Onder de kraan staat steeds een plas water.", "telefoon": "06-12345678"},
        guide="keuken/kraan/lekt",
        photos=[SimpleUploadedFile("kraan.jpg", JPEG, content_type="image/jpeg")],
    )


def test_a_colleague_adds_a_contractor_and_bad_input_is_named(world, staff):
    page = staff.get("/zaken/vakmensen/").content.decode()
    assert "Nog geen vakmensen." in page
    refused = staff.post("/zaken/vakmensen/", {"name": "", "email": "geen-adres"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Vul de naam van de vakman of het bedrijf in." in text
    assert "Vul een geldig e-mailadres in, bijvoorbeeld planning@bedrijf.nl." in text
    assert not Contractor.objects.exists()

    added = staff.post(
        "/zaken/vakmensen/",
        {"name": "Loodgieter Jansen", "email": "planning@jansen.example", "trades": "loodgieter"},
        follow=True,
    ).content.decode()
    assert "Vakman Loodgieter Jansen toegevoegd." in added
    assert "planning@jansen.example" in added


def test_the_whole_order_through_the_pages(world, staff, business_day):
    case = leaking_tap(world, business_day)
    contractor = contractor_create(
        corporation=world.corporation, name="Loodgieter Jansen", email="planning@jansen.example", actor="test"
    )
    detail = staff.get(f"/zaken/{case.pk}/").content.decode()
    assert "Opdracht geven" in detail
    done = staff.post(
        f"/zaken/{case.pk}/opdracht/",
        {"vakman": contractor.pk, "toelichting": "Sleutel bij de buren."},
        follow=True,
    ).content.decode()
    work_order = WorkOrder.objects.get()
    assert f"Werkopdracht {work_order.number} is gemaild naar Loodgieter Jansen." in done
    assert "Opdracht bij vakman" in done
    assert staff.get(f"/zaken/werkopdrachten/{work_order.pk}.pdf")["Content-Type"] == "application/pdf"
    link = next(line for line in mail.outbox[0].body.splitlines() if "/vakman/" in line)
    path = link[link.index("/vakman/") :]

    contractor_client = Client()
    page = contractor_client.get(path).content.decode()
    for expected in (
        "Lindelaan 10",
        "Keuken: De kraan lekt",
        "06-12345678",
        "Foto 1 bekijken",
        "Sleutel bij de buren.",
    ):
        assert expected in page
    for hidden in ("Vries", "Anna", "anna@huurder.example"):
        assert hidden not in page
    photo = case.entries.get(kind="photo")
    assert contractor_client.get(f"{path}foto/{photo.pk}/").status_code == 200
    assert contractor_client.get(f"{path}foto/{photo.pk + 1000}/").status_code == 404

    free = free_moments(work_order)
    past = contractor_client.post(path, {"action": "slot", "slot": "2020-01-06T09:00:00+01:00"})
    assert past.status_code == 400
    assert "Dit moment is niet meer vrij. Kies een ander moment." in past.content.decode()
    booking_make(resource=contractor_agenda(contractor), start=free[0], purpose="Andere klus", actor="test")
    taken = contractor_client.post(path, {"action": "slot", "slot": free[0].isoformat()})
    assert taken.status_code == 400
    assert "Dit moment is niet meer vrij. Kies een ander moment." in taken.content.decode()
    work_order.refresh_from_db()
    assert (work_order.status, work_order.appointment) == ("issued", None)

    contractor_client.post(path, {"action": "slot", "slot": free[1].isoformat()})
    page = contractor_client.get(path).content.decode()
    assert f"U koos {written_moment(free[1], 'nl')}. Dit moment staat in uw agenda" in page

    tenant = portal_client(world.reporter)
    seen = tenant.get(f"/portaal/meldingen/{case.pk}/").content.decode()
    assert "Past dit moment voor de vakman?" in seen
    assert written_moment(free[1], "nl") in seen
    confirmed = tenant.post(f"/portaal/meldingen/{case.pk}/afspraak/", follow=True).content.decode()
    assert f"Afspraak met de vakman: {written_moment(free[1], 'nl')}" in confirmed
    assert "Er is een afspraak. De vakman komt op de afgesproken dag." in confirmed
    again = tenant.post(f"/portaal/meldingen/{case.pk}/afspraak/")
    assert again.status_code == 400
    assert "Er is nog geen moment om te bevestigen." in again.content.decode()

    # The tenant moves it to another free slot of the same contractor.
    form = tenant.get(f"/portaal/meldingen/{case.pk}/afspraak/verzetten/").content.decode()
    assert f"Uw afspraak met de vakman is nu: {written_moment(free[1], 'nl')}." in form
    assert free[0].isoformat() not in form
    refused = tenant.post(f"/portaal/meldingen/{case.pk}/afspraak/verzetten/", {"slot": free[0].isoformat()})
    assert refused.status_code == 400
    assert "Dit moment is niet meer vrij. Kies een ander moment." in refused.content.decode()
    moved = tenant.post(
        f"/portaal/meldingen/{case.pk}/afspraak/verzetten/", {"slot": free[2].isoformat()}, follow=True
    ).content.decode()
    assert f"Afspraak met de vakman: {written_moment(free[2], 'nl')}" in moved
    assert f"Afspraak verzet naar {moment_text(free[2])}." in moved
    assert f"verzette de afspraak voor opdracht {work_order.number}" in mail.outbox[-1].body

    page = contractor_client.get(path).content.decode()
    assert "Werk klaar melden" in page
    refused = contractor_client.post(path, {"action": "done", "notes": "Kraan vervangen.", "hours": "veel"})
    assert refused.status_code == 400
    assert "Vul het aantal uren in" in refused.content.decode()
    contractor_client.post(
        path,
        {
            "action": "done",
            "notes": "Kraan vervangen.",
            "hours": "1,5",
            "photos": [SimpleUploadedFile("klaar.jpg", JPEG, content_type="image/jpeg")],
        },
    )
    assert "Dank u wel!" in contractor_client.get(path).content.decode()
    rated = tenant.get(f"/portaal/meldingen/{case.pk}/").content.decode()
    assert "Hoe tevreden bent u over de reparatie?" in rated
    office = staff.get(f"/zaken/{case.pk}/").content.decode()
    assert "Kraan vervangen." in office and "Uitgevoerd" in office
    assert f"/agenda/?agenda={contractor_agenda(contractor).pk}&amp;week={free[2]:%Y-%m-%d}" in office


def test_a_tampered_link_shows_a_neutral_page_and_changes_nothing(world, business_day):
    case = leaking_tap(world, business_day)
    contractor = contractor_create(
        corporation=world.corporation, name="Jansen", email="planning@jansen.example", actor="test"
    )
    work_order = WorkOrder.objects.create(
        corporation=world.corporation, case=case, contractor=contractor, number="W-1", issued_on=business_day
    )
    token = work_order_token(corporation_id=world.corporation.pk, work_order_id=work_order.pk)
    client = Client()
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1.1:abc:def", "x" * 120):
        response = client.get(f"/vakman/{bad}/")
        assert response.status_code == 404
        assert "Deze link werkt niet (meer)" in response.content.decode()
        assert "Lindelaan" not in response.content.decode()
    slot = free_moments(work_order)[0].isoformat()
    assert client.post(f"/vakman/{token[:-1]}x/", {"action": "slot", "slot": slot}).status_code == 404
    work_order.refresh_from_db()
    assert (work_order.status, work_order.booking) == ("issued", None)


def test_a_cancelled_repair_closes_the_contractors_page(world, business_day, django_assert_max_num_queries):
    case = leaking_tap(world, business_day)
    contractor = contractor_create(
        corporation=world.corporation, name="Jansen", email="planning@jansen.example", actor="test"
    )
    work_order = work_order_issue(case=case, contractor=contractor, as_of=business_day, actor=world.colleague)
    path = f"/vakman/{work_order_token(corporation_id=world.corporation.pk, work_order_id=work_order.pk)}/"
    client = Client()
    with django_assert_max_num_queries(6):
        assert "Lindelaan 10" in client.get(path).content.decode()
    photo = case.entries.get(kind="photo")

    case_transition(case=case, to="geannuleerd", as_of=business_day, actor=world.colleague)

    work_order.refresh_from_db()
    assert work_order.status == "cancelled"
    page = client.get(path).content.decode()
    assert "Deze opdracht gaat niet meer door." in page
    assert "Lindelaan" not in page and "06-12345678" not in page
    assert client.get(f"{path}foto/{photo.pk}/").status_code == 404
    refused = client.post(path, {"action": "slot", "slot": free_moments(work_order)[0].isoformat()})
    assert refused.status_code == 400
    assert "Deze opdracht gaat niet meer door." in refused.content.decode()
    work_order.refresh_from_db()
    assert (work_order.status, work_order.booking) == ("cancelled", None)
