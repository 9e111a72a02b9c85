"""The agenda screens: one week of a contractor's agenda with their bookings and free slots (a constant number
of queries), and the working hours a colleague adds or removes; bad input is named and changes nothing."""

import datetime as dt

import pytest
from django.test import Client

from tests.cases.conftest import make_world
from vangnet.appointments.models import Availability, ResourceKind
from vangnet.appointments.services import availability_add, booking_make, resource_create
from vangnet.appointments.slots import AMSTERDAM
from vangnet.cases.orders import contractor_agenda
from vangnet.cases.services import contractor_create
from vangnet.core import clock


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def staff(world, business_day) -> Client:
    client = Client()
    client.force_login(world.colleague)
    client.get("/")
    return client


def next_monday() -> dt.date:
    today = clock.today()
    return today + dt.timedelta(days=7 - today.weekday())


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


def test_the_week_shows_bookings_and_free_slots_in_constant_queries(world, staff, django_assert_num_queries):
    plumber = contractor_create(
        corporation=world.corporation, name="Loodgieter Jansen", email="p@jansen.example", actor="test"
    )
    agenda = contractor_agenda(plumber)
    monday = next_monday()
    booking_make(
        resource=agenda, start=at(monday, 9), purpose="Reparatie W26-000001, Lindelaan 10", actor="t"
    )
    url = f"/agenda/?agenda={agenda.pk}&week={monday + dt.timedelta(days=2):%Y-%m-%d}"

    page = staff.get(url).content.decode()
    assert "Agenda: Loodgieter Jansen" in page
    assert "Bezet:</strong> Reparatie W26-000001, Lindelaan 10" in page
    assert "09:00\u201310:00" in page
    # Weekdays 8-12 and 13-17: eight slots a day, five days, one taken (a public holiday has none).
    holidays = page.count("Feestdag: geen afspraken.")
    assert f"1 afspraak, {39 - 8 * holidays} vrije momenten." in page
    assert "Vorige week" in page and "Volgende week" in page

    for n in range(4):
        booking_make(
            resource=agenda, start=at(monday + dt.timedelta(days=1), 8 + n), purpose=f"Klus {n}", actor="t"
        )
    with django_assert_num_queries(7):
        staff.get(url)
    # Not one query more for more bookings or more agendas.
    resource_create(
        corporation=world.corporation, name="Opzichter Pieter", kind=ResourceKind.INSPECTOR, actor="t"
    )
    with django_assert_num_queries(7):
        assert "Klus 3" in staff.get(url).content.decode()


def test_the_first_agenda_is_shown_and_another_corporation_is_not(world, staff):
    other = make_world("ander", "Ander")
    foreign = contractor_create(corporation=other.corporation, name="Elders", email="e@x.example", actor="t")
    resource = resource_create(
        corporation=world.corporation, name="Opzichter Pieter", kind="inspector", actor="t"
    )
    page = staff.get(f"/agenda/?agenda={contractor_agenda(foreign).pk}").content.decode()
    assert "Agenda: Opzichter Pieter" in page
    assert "Elders" not in page
    assert "Geen werktijden" in page
    assert staff.get(f"/agenda/{contractor_agenda(foreign).pk}/werktijden/").status_code == 404
    assert staff.get(f"/agenda/{resource.pk}/werktijden/").status_code == 200


def test_a_colleague_adds_and_removes_working_hours_and_bad_input_changes_nothing(world, staff):
    resource = resource_create(
        corporation=world.corporation, name="Opzichter Pieter", kind="inspector", actor="t"
    )
    availability_add(resource=resource, weekday=0, start=dt.time(9), end=dt.time(12), actor="t")
    url = f"/agenda/{resource.pk}/werktijden/"

    for data, message in (
        ({"weekday": "1", "start": "", "end": "12:00"}, "Vul de begintijd in, bijvoorbeeld 08:00."),
        ({"weekday": "9", "start": "09:00", "end": "12:00"}, "Kies een dag."),
        ({"weekday": "1", "start": "12:00", "end": "09:00"}, "Het einde ligt vóór het begin."),
        (
            {"weekday": "1", "start": "09:30", "end": "12:00"},
            "Laat het blok beginnen op een heel tijdvak van 60",
        ),
        (
            {"weekday": "0", "start": "11:00", "end": "13:00"},
            "Dit blok overlapt met 09:00-12:00 op dezelfde dag.",
        ),
    ):
        refused = staff.post(url, {"action": "add", **data})
        assert refused.status_code == 400
        assert message in refused.content.decode()
    assert Availability.objects.filter(resource=resource).count() == 1

    added = staff.post(url, {"action": "add", "weekday": "3", "start": "13:00", "end": "16:00"}, follow=True)
    page = added.content.decode()
    assert "De tijden zijn aan de agenda toegevoegd." in page
    assert "Donderdag" in page and "16:00" in page
    window = Availability.objects.get(resource=resource, weekday=0)
    removed = staff.post(url, {"action": "remove", "window": window.pk}, follow=True).content.decode()
    assert "De tijden zijn uit de agenda gehaald." in removed
    assert list(Availability.objects.filter(resource=resource).values_list("weekday", flat=True)) == [3]
