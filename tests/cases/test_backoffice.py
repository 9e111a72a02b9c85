"""The colleague's side: the case list with filters and SLA, one case, its actions, and the contact screen."""

import datetime as dt

import pytest
from django.test import Client

from tests.cases.conftest import make_world
from vangnet.cases.models import Article, Case, Contact
from vangnet.cases.services import case_open
from vangnet.tasks.models import Task


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(world, business_day) -> Client:
    # Signed in on the day the test runs: a session from the Sunday before has expired by Monday.
    client = Client()
    client.force_login(world.colleague)
    client.get("/")
    return client


def question(world, as_of, text="Mag ik een schuur bouwen?"):
    return case_open(
        case_type=world.case_type("vraag"),
        as_of=as_of,
        actor=world.colleague,
        channel="phone",
        tenant=world.reporter,
        answers={"vraag": text},
    )


def test_the_case_list_shows_the_sla_colour_and_filters_on_it(
    world, staff, business_day, django_assert_max_num_queries
):
    late = question(world, business_day - dt.timedelta(days=10), "Late vraag")
    on_time = question(world, business_day, "Verse vraag")
    for _ in range(5):
        question(world, business_day)
    with django_assert_max_num_queries(12):
        page = staff.get("/zaken/").content.decode()
    assert "7 zaken" in page
    assert late.number in page
    assert "Te laat" in page
    assert "Op tijd" in page
    only_late = staff.get("/zaken/?sla=red").content.decode()
    assert late.number in only_late
    assert on_time.number not in only_late


def test_a_colleague_moves_a_case_on_and_a_wrong_stage_is_refused(world, staff, business_day):
    case = question(world, business_day)
    refused = staff.post(f"/zaken/{case.pk}/fase/", {"naar": "bestaat-niet"}, follow=True).content.decode()
    assert "kan de zaak alleen naar: In behandeling, Beantwoord" in refused
    response = staff.post(f"/zaken/{case.pk}/fase/", {"naar": "beantwoord"}, follow=True)
    assert "De zaak staat nu in fase &#x27;Beantwoord&#x27;." in response.content.decode()
    case.refresh_from_db()
    assert case.closed


def test_another_corporations_case_is_not_found(world, staff, business_day):
    other = make_world("ander", "Ander")
    foreign = question(other, business_day)
    assert staff.get(f"/zaken/{foreign.pk}/").status_code == 404


def test_a_complaint_of_a_non_tenant_on_the_phone_with_a_knowledge_base_answer(
    world, staff, django_assert_max_num_queries
):
    article = Article.objects.create(
        corporation=world.corporation,
        title="Terugbelverzoek niet nagekomen",
        section="Standaardantwoorden",
        body="Excuses aanbieden en binnen 2 werkdagen terugbellen.",
        keywords="terugbellen klacht",
        case_types=["klacht"],
    )
    with django_assert_max_num_queries(14):
        page = staff.get("/klantcontact/?soort=klacht&woorden=terugbellen").content.decode()
    assert "Terugbelverzoek niet nagekomen" in page
    assert "Excuses aanbieden" in page
    response = staff.post(
        "/klantcontact/vastleggen/",
        {
            "soort": "klacht",
            "naam": "Karin Smit",
            "telefoon": "06 11223344",
            "kanaal": "phone",
            "onderwerp": "Niemand belde terug",
            "antwoord_onderwerp": "service",
            "antwoord_klacht": "Twee keer beloofd terug te bellen.",
            "artikel": str(article.pk),
            "taak": "Karin Smit terugbellen",
            "taak_team": "Klachtenteam",
        },
        follow=True,
    )
    page = response.content.decode()
    case = Case.objects.get()
    assert f"Contact vastgelegd en zaak {case.number} gestart." in page
    assert "Karin Smit (geen huurder)" in page
    contact = Contact.objects.get()
    assert (contact.case, contact.article, contact.party_name, contact.outcome) == (
        case,
        article,
        "Karin Smit",
        "case_opened",
    )
    assert Task.objects.filter(title="Karin Smit terugbellen", team="Klachtenteam").exists()


def test_a_contact_screen_refusal_keeps_nothing(world, staff):
    response = staff.post(
        "/klantcontact/vastleggen/",
        {"soort": "klacht", "naam": "Karin", "kanaal": "phone", "onderwerp": "x", "antwoord_onderwerp": "??"},
        follow=True,
    )
    assert (
        "Niet vastgelegd: Waar gaat uw klacht over?: Kies een van de mogelijkheden."
        in response.content.decode()
    )
    assert not Case.objects.exists()
    assert not Contact.objects.exists()


def test_the_tenant_card_lists_cases_and_contacts_and_the_contact_screen_finds_the_tenant(
    world, staff, business_day
):
    case = question(world, business_day)
    card = staff.get(f"/huurders/{world.reporter.pk}/").content.decode()
    assert case.number in card
    found = staff.get("/klantcontact/?q=Vries").content.decode()
    assert f"?huurder={world.reporter.pk}" in found
    chosen = staff.get(f"/klantcontact/?huurder={world.reporter.pk}").content.decode()
    assert case.number in chosen


def test_the_case_page_names_urgency_and_stages_in_words_not_codes(world, staff, business_day):
    case = case_open(
        case_type=world.case_type("reparatie"),
        as_of=business_day,
        actor="portal",
        channel="portal",
        tenant=world.reporter,
        answers={"omschrijving": "Het ruikt naar gas in de keuken."},
        guide="installaties/cv/gaslucht",
    )
    assert case.urgency == "emergency"
    page = staff.get(f"/zaken/{case.pk}/").content.decode()
    assert "<dt>Urgentie</dt><dd>Spoed</dd>" in page
    first_stage = case.case_type.stage(case.stage)
    assert f"({first_stage['name']})" in page
    assert "emergency" not in page and f"({case.stage})" not in page
