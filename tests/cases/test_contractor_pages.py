"""The pages around a work order: the colleague adds a contractor and gives the order, the contractor's own
link (only address, problem, photos and phone of the tenant), the tenant's choice of moment in the portal;
a tampered link and a moment in the past get a clear page and change nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.cases.conftest import JPEG
from tests.cases.test_portal import portal_client
from vangnet.cases.links import work_order_token
from vangnet.cases.models import Case, Contractor, WorkOrder
from vangnet.cases.services import case_open, case_transition, contractor_create, work_order_issue
from vangnet.core import clock


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


def local(days: int, hour: int = 9) -> str:
    return f"{clock.today() + dt.timedelta(days=days):%Y-%m-%d}T{hour:02d}:00"


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

    past = contractor_client.post(path, {"action": "slots", "slot_1": local(-1)})
    assert past.status_code == 400
    assert "is al voorbij. Kies een moment in de toekomst." in past.content.decode()
    work_order.refresh_from_db()
    assert work_order.slots == []

    contractor_client.post(
        path, {"action": "slots", "slot_1": local(2), "slot_2": local(3, 14), "slot_3": ""}
    )
    page = contractor_client.get(path).content.decode()
    assert "U stelde deze momenten voor. De huurder kiest er één:" in page

    tenant = portal_client(world.reporter)
    seen = tenant.get(f"/portaal/meldingen/{case.pk}/").content.decode()
    assert "Kies een moment voor de vakman" in seen
    assert "14:00" in seen
    wrong = tenant.post(f"/portaal/meldingen/{case.pk}/afspraak/", {"slot": "2020-01-01T09:00:00+01:00"})
    assert wrong.status_code == 400
    chosen = timezone.make_aware(dt.datetime.fromisoformat(local(3, 14)))
    confirmed = tenant.post(
        f"/portaal/meldingen/{case.pk}/afspraak/",
        {"slot": timezone.localtime(chosen).isoformat()},
        follow=True,
    ).content.decode()
    assert "Afspraak met de vakman:" in confirmed
    assert "Er is een afspraak. De vakman komt op de afgesproken dag." in confirmed

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
    assert client.post(f"/vakman/{token[:-1]}x/", {"action": "slots", "slot_1": local(2)}).status_code == 404
    work_order.refresh_from_db()
    assert work_order.slots == []


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
    refused = client.post(path, {"action": "slots", "slot_1": local(2)})
    assert refused.status_code == 400
    assert "Deze opdracht gaat niet meer door." in refused.content.decode()
    work_order.refresh_from_db()
    assert (work_order.status, work_order.slots) == ("cancelled", [])
