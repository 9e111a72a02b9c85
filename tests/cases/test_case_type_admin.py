"""Case types managed on screen by a manager: names, the portal, and stages, questions and routing as JSON
checked before saving (every problem in Dutch, nothing saved on one); the portal shows the changed text."""

import pytest
from django.test import Client

from tests.cases.conftest import make_world
from tests.cases.test_portal import portal_client
from tests.factories import MembershipFactory, UserFactory
from vangnet.cases.models import CaseType
from vangnet.cases.services import case_open, case_type_update
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry, Role


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def manager(world, business_day) -> Client:
    user = MembershipFactory(
        corporation=world.corporation, user=UserFactory(username="manager-types"), role=Role.MANAGER
    ).user
    client = Client()
    client.force_login(user)
    client.get("/")
    return client


def form_of(case_type: CaseType, **changes) -> dict:
    """The form as the page fills it: names, the portal, each stage's name, text and term, the questions."""
    values = {
        "name": case_type.name,
        "tenant_name": case_type.tenant_name,
        "description": case_type.description,
        "portal": "on" if case_type.portal else "",
        "team": case_type.routing.get("team", ""),
    }
    for index, stage in enumerate(case_type.stages):
        values[f"stage-{index}-name"] = stage.get("name", "")
        values[f"stage-{index}-tenant_text"] = stage.get("tenant_text", "")
        values[f"stage-{index}-sla_days"] = str(stage.get("sla_days") or "")
    for index, field in enumerate(case_type.fields):
        values[f"field-{index}-label"] = field.get("label", "")
        if field.get("required"):
            values[f"field-{index}-required"] = "on"
    return values | changes


def test_the_simple_fields_are_changed_through_the_service(world):
    question = world.case_type("vraag")
    case_type_update(
        case_type=question,
        actor=world.colleague,
        tenant_name="Iets vragen",
        description="Stel uw vraag.",
        portal=False,
    )
    question.refresh_from_db()
    assert (question.tenant_name, question.description, question.portal) == (
        "Iets vragen",
        "Stel uw vraag.",
        False,
    )
    with pytest.raises(ApplicationError, match="De uitleg voor de huurder is te lang"):
        case_type_update(case_type=question, actor=world.colleague, description="x" * 301)
    question.refresh_from_db()
    assert question.description == "Stel uw vraag."


def test_the_list_and_the_stage_summary_for_a_manager(manager, world):
    page = manager.get("/zaken/typen/").content.decode()
    assert "Vraag of verzoek" in page
    assert "Een vraag stellen" in page
    question = world.case_type("vraag")
    edit = manager.get(f"/zaken/typen/{question.pk}/").content.decode()
    assert "Vraag gesteld" in edit
    assert "3 dagen" in edit
    assert "In behandeling, Beantwoord" in edit
    assert "Laatste fase" in edit
    assert "Wij hebben uw vraag ontvangen. Een collega kijkt ernaar." in edit


def test_only_managers_and_administrators_manage_case_types(world, business_day):
    client = Client()
    client.force_login(world.colleague)
    client.get("/")
    question = world.case_type("vraag")
    assert client.get("/zaken/typen/").status_code == 403
    assert client.post(f"/zaken/typen/{question.pk}/", form_of(question, name="Anders")).status_code == 403
    question.refresh_from_db()
    assert question.name == "Vraag of verzoek"


def test_a_changed_stage_text_is_saved_and_the_portal_shows_it(manager, world, business_day):
    question = world.case_type("vraag")
    case = case_open(
        case_type=question,
        as_of=business_day,
        actor=world.colleague,
        channel="phone",
        tenant=world.reporter,
        answers={"vraag": "Mag ik een schuur bouwen?"},
    )
    response = manager.post(
        f"/zaken/typen/{question.pk}/",
        form_of(
            question,
            **{"stage-0-tenant_text": "Wij bellen u binnen drie werkdagen.", "stage-0-sla_days": "3"},
            tenant_name="Iets vragen",
            portal="",
        ),
        follow=True,
    )
    page = response.content.decode()
    assert "Zaaktype Vraag of verzoek opgeslagen." in page
    assert "Wij bellen u binnen drie werkdagen." in page
    question.refresh_from_db()
    assert (question.tenant_name, question.portal) == ("Iets vragen", False)
    assert question.stages[0]["sla_days"] == 3
    assert question.stages[0]["code"] == "gesteld"
    assert "Termijn in dagen (leeg: geen termijn)" in page
    assert AuditEntry.objects.filter(action="case.type_updated").count() == 1
    tenant_page = portal_client(world.reporter).get(f"/portaal/meldingen/{case.pk}/").content.decode()
    assert "Wij bellen u binnen drie werkdagen." in tenant_page


def test_a_bad_term_and_an_empty_stage_are_named_in_dutch_and_nothing_is_saved(manager, world):
    question = world.case_type("vraag")
    before = (question.name, question.stages, question.fields, question.routing)
    bad_term = manager.post(
        f"/zaken/typen/{question.pk}/", form_of(question, name="Nieuw", **{"stage-0-sla_days": "drie"})
    )
    page = bad_term.content.decode()
    assert bad_term.status_code == 400
    assert "de termijn is een heel aantal dagen, van 1 tot 365, of leeg voor geen termijn." in page
    wrong = manager.post(
        f"/zaken/typen/{question.pk}/",
        form_of(question, name=" ", **{"stage-1-name": "", "stage-1-tenant_text": ""}),
    )
    page = wrong.content.decode()
    assert wrong.status_code == 400
    assert "Niet opgeslagen. Dit moet eerst goed:" in page
    assert "een naam en een tekst voor de huurder zijn nodig." in page
    assert "Een zaaktype heeft een naam." in page
    question.refresh_from_db()
    assert (question.name, question.stages, question.fields, question.routing) == before
    assert not AuditEntry.objects.filter(action="case.type_updated").exists()


def test_another_corporations_case_type_is_not_found(manager):
    foreign = make_world("ander", "Ander").case_type("vraag")
    assert manager.get(f"/zaken/typen/{foreign.pk}/").status_code == 404
    assert manager.post(f"/zaken/typen/{foreign.pk}/", form_of(foreign, name="Weg")).status_code == 404
