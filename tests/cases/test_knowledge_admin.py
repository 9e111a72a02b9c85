"""The knowledge base managed on screen: the list by section with search and review dates, and an article
written, changed and removed by a manager; colleagues who take calls only read it."""

import datetime as dt

import pytest
from django.test import Client

from tests.cases.conftest import make_world
from tests.factories import MembershipFactory, UserFactory
from vangnet.cases.models import Article
from vangnet.cases.services import article_delete, article_save
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry, Role


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get("/")
    return client


@pytest.fixture
def manager(world, business_day) -> Client:
    user = MembershipFactory(
        corporation=world.corporation, user=UserFactory(username="manager-kb"), role=Role.MANAGER
    ).user
    return signed_in(user)


@pytest.fixture
def colleague(world, business_day) -> Client:
    return signed_in(world.colleague)


def write(world, title="Lekkage melden", section="Werkwijze", **extra) -> Article:
    values = {
        "body": "Vraag waar het water vandaan komt en of het nog lekt.",
        "keywords": "water lek",
    } | extra
    return article_save(
        corporation=world.corporation, actor=world.colleague, title=title, section=section, **values
    )


def test_an_article_is_saved_with_its_case_types_and_audited(world):
    article = write(world, case_types=["reparatie", "reparatie"], owner="Team Onderhoud", for_tenants=True)
    assert (article.title, article.case_types, article.owner, article.for_tenants) == (
        "Lekkage melden",
        ["reparatie"],
        "Team Onderhoud",
        True,
    )
    assert AuditEntry.objects.get(action="article.created").data == {
        "title": "Lekkage melden",
        "section": "Werkwijze",
    }
    article_save(
        corporation=world.corporation,
        actor=world.colleague,
        article=article,
        title="Lekkage",
        section="Werkwijze",
        body="Nieuwe tekst.",
    )
    article.refresh_from_db()
    assert (article.title, article.body, article.case_types, article.for_tenants) == (
        "Lekkage",
        "Nieuwe tekst.",
        [],
        False,
    )
    article_delete(article=article, actor=world.colleague)
    assert not Article.objects.exists()
    assert AuditEntry.objects.filter(action="article.deleted").count() == 1


def test_an_article_without_title_or_text_or_with_an_unknown_case_type_is_refused(world):
    with pytest.raises(ApplicationError, match=r"Vul een titel in\. .*Vul de tekst van het artikel in\."):
        write(world, title=" ", body="")
    with pytest.raises(ApplicationError, match=r"Deze zaaktypen bestaan niet: fietsen\."):
        write(world, case_types=["reparatie", "fietsen"])
    assert not Article.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="article.").exists()


def test_another_corporations_article_cannot_be_changed_through_this_one(world):
    other = make_world("ander", "Ander")
    foreign = write(other)
    with pytest.raises(ApplicationError, match="andere corporatie"):
        article_save(
            corporation=world.corporation,
            actor=world.colleague,
            article=foreign,
            title="X",
            section="Y",
            body="Z",
        )


def test_the_list_groups_by_section_marks_due_reviews_and_searches(
    world, colleague, business_day, django_assert_max_num_queries
):
    write(
        world, review_on=business_day - dt.timedelta(days=1), owner="Team Onderhoud", case_types=["reparatie"]
    )
    write(world, title="Huur opzeggen", section="Beleid", body="Een maand opzegtermijn.", keywords="opzeggen")
    write(world, title="Huurtoeslag", section="Ketenpartners", body="Belastingdienst.", keywords="toeslag")
    write(
        world,
        title="Later nakijken",
        section="Beleid",
        body="Tekst.",
        review_on=business_day + dt.timedelta(days=30),
    )
    with django_assert_max_num_queries(8):
        page = colleague.get("/kennisbank/").content.decode()
    assert page.index("Beleid") < page.index("Ketenpartners") < page.index("Werkwijze")
    assert "Team Onderhoud" in page
    assert "Reparatie" in page
    assert page.count("Controleren</span>") == 1
    assert "Nieuw artikel" not in page
    found = colleague.get("/kennisbank/?q=opzeggen").content.decode()
    assert "Huur opzeggen" in found
    assert "Huurtoeslag" not in found
    none = colleague.get("/kennisbank/?q=fietsenstalling").content.decode()
    assert "Geen artikelen gevonden met deze woorden." in none


def test_the_contact_screen_links_to_the_knowledge_base(colleague):
    assert 'href="/kennisbank/"' in colleague.get("/klantcontact/").content.decode()


def test_a_colleague_who_takes_calls_may_not_write(colleague, world):
    article = write(world)
    assert colleague.get("/kennisbank/nieuw/").status_code == 403
    response = colleague.post(f"/kennisbank/{article.pk}/", {"title": "Weg", "section": "X", "body": "Y"})
    assert response.status_code == 403
    assert colleague.post(f"/kennisbank/{article.pk}/verwijderen/").status_code == 403
    article.refresh_from_db()
    assert article.title == "Lekkage melden"


def test_a_manager_writes_changes_and_removes_an_article(manager, world):
    form = manager.get("/kennisbank/nieuw/").content.decode()
    assert "Ook voor huurders (FAQ)" in form
    assert "Vraag of verzoek" in form
    response = manager.post(
        "/kennisbank/nieuw/",
        {
            "title": "Schuur bouwen",
            "section": "Beleid",
            "body": "Een schuur mag met toestemming.",
            "keywords": "schuur tuin",
            "case_types": ["vraag", "klacht"],
            "owner": "Wonen",
            "review_on": "2020-01-01",
            "for_tenants": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Artikel Schuur bouwen opgeslagen." in page
    assert "Controleren</span>" in page
    article = Article.objects.get()
    assert (article.case_types, article.review_on, article.for_tenants) == (
        ["vraag", "klacht"],
        dt.date(2020, 1, 1),
        True,
    )
    manager.post(
        f"/kennisbank/{article.pk}/",
        {"title": "Schuur of tuinhuis", "section": "Beleid", "body": "Met toestemming.", "review_on": ""},
    )
    article.refresh_from_db()
    assert (article.title, article.review_on, article.for_tenants, article.case_types) == (
        "Schuur of tuinhuis",
        None,
        False,
        [],
    )
    removed = manager.post(f"/kennisbank/{article.pk}/verwijderen/", follow=True).content.decode()
    assert "Artikel Schuur of tuinhuis verwijderd." in removed
    assert not Article.objects.exists()


def test_bad_input_is_shown_next_to_the_fields_and_changes_nothing(manager, world):
    article = write(world)
    response = manager.post(
        f"/kennisbank/{article.pk}/",
        {"title": "", "section": "Werkwijze", "body": "", "case_types": ["fietsen"]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Niet opgeslagen: niet alles is goed ingevuld." in page
    assert "Vul een titel in." in page
    assert "Vul de tekst van het artikel in." in page
    assert "Deze zaaktypen bestaan niet: fietsen." in page
    wrong_date = manager.post(
        "/kennisbank/nieuw/", {"title": "A", "section": "B", "body": "C", "review_on": "31-02-2027"}
    )
    assert wrong_date.status_code == 400
    assert "Vul een geldige datum in" in wrong_date.content.decode()
    article.refresh_from_db()
    assert (article.title, Article.objects.count()) == ("Lekkage melden", 1)


def test_another_corporations_article_is_not_found(manager, world):
    foreign = write(make_world("ander", "Ander"))
    assert manager.get(f"/kennisbank/{foreign.pk}/").status_code == 404
    assert manager.post(f"/kennisbank/{foreign.pk}/verwijderen/").status_code == 404
    assert Article.objects.filter(pk=foreign.pk).exists()
