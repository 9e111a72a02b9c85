"""'Mijn situatie is veranderd' (issue 23): the tenant records what changed, a colleague gets a task, and the
page asks for the kind only, never what the tenant has."""

import pytest
from django_scopes import scopes_disabled

from vangnet.core.models import AuditEntry
from vangnet.tasks.models import Task, TaskKind, TaskSource
from vangnet.tenants.circumstances import circumstance_kinds_install_defaults
from vangnet.tenants.models import Circumstance, CircumstanceKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(woonstad):
    with scopes_disabled():  # the set-up of the corporation, before any request
        circumstance_kinds_install_defaults(corporation=woonstad)
        CircumstanceKind.objects.filter(code="geboorte").update(active=False)


def test_the_page_offers_the_corporations_kinds_and_asks_no_diagnosis(fatima_client, kinds):
    overview = fatima_client.get("/portaal/").content.decode()
    assert 'href="/portaal/situatie/"' in overview and "Mijn situatie is veranderd" in overview
    page = fatima_client.get("/portaal/situatie/").content.decode()
    assert "Is er iets veranderd in uw leven?" in page
    assert "U hoeft niet te vertellen wat u heeft." in page
    assert "Werkloos geworden" in page and "Ziekte of ziekenhuisopname" in page
    assert "Kind geboren" not in page  # switched off by the corporation


def test_a_changed_situation_is_recorded_with_a_task_for_a_colleague(
    fatima_client, fatima, kinds, in_woonstad
):
    response = fatima_client.post(
        "/portaal/situatie/",
        {"kind": "werkloos", "since": "2025-03-01", "message": "Bel me liever 's avonds"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bedankt dat u het ons laat weten" in page and "Wij hebben genoteerd: Werkloos geworden." in page
    circumstance = Circumstance.objects.get(tenant=fatima.tenant)
    assert (circumstance.kind.code, str(circumstance.starts_on), circumstance.source) == (
        "werkloos",
        "2025-03-01",
        "portal",
    )
    task = Task.objects.get()
    assert (task.kind, task.source, task.tenant) == (TaskKind.HELP_REQUEST, TaskSource.PORTAL, fatima.tenant)
    # The title names no kind: only colleagues who may see circumstances learn what changed.
    assert task.title == "Situatie veranderd: Fatima El Amrani"
    assert "Werkloos" not in task.title and "Bel me liever 's avonds" in task.description
    assert AuditEntry.objects.filter(action="portal.situation_reported", tenant_id=fatima.tenant.pk).exists()
    # Sending twice is one circumstance and one task.
    fatima_client.post("/portaal/situatie/", {"kind": "werkloos", "since": "2025-03-01"})
    assert (Circumstance.objects.count(), Task.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"since": "2025-03-01"}, "Kies wat er veranderd is."),
        ({"kind": "geboorte", "since": "2025-03-01"}, "Kies wat er veranderd is."),
        ({"kind": "ziekte"}, "Vul in sinds wanneer dit zo is."),
        ({"kind": "ziekte", "since": "maart"}, "Vul een datum in, bijvoorbeeld 01-03-2025."),
        ({"kind": "ziekte", "since": "2099-01-01"}, "Deze datum ligt in de toekomst."),
    ],
)
def test_a_wrong_answer_gets_a_clear_error_and_changes_nothing(
    fatima_client, kinds, in_woonstad, data, error
):
    response = fatima_client.post("/portaal/situatie/", data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Circumstance.objects.exists() and not Task.objects.exists()
