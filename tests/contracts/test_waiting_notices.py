"""Who is waited for is told: the other tenant of a swap started in the portal gets an e-mail in their own
language and sees the swap on their overview; the other tenant of a tenaamstelling likewise for their
consent; once nobody is waited for, the team has a task to decide, done when the decision is taken."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from tests.contracts.test_co_tenant import (
    PDF,
    couple,  # noqa: F401 (a fixture)
)
from tests.contracts.test_co_tenant import _portal as co_tenant_portal
from tests.contracts.test_swap import _household, _portal, _start
from tests.factories import CorporationFactory
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import CoTenantChange, Swap
from vangnet.contracts.services.co_tenant import co_tenant_consent, co_tenant_decide
from vangnet.contracts.services.swap import swap_confirm, swap_decide
from vangnet.core import clock
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task, TaskStatus

SWAP_CARD = '<a href="/portaal/woningruil/">Woningruil bekijken en bevestigen</a>'
SWAP_CARD_EN = '<a href="/portaal/woningruil/">View and confirm the house swap</a>'  # Bram reads English
CONSENT_CARD = (
    '<a href="/portaal/tenaamstelling/">Toestemming geven voor een wijziging van het huurcontract</a>'
)


@pytest.fixture
def pair(db):
    corporation = CorporationFactory(slug="woonstad", name="Woonstad", sender_email="info@woonstad.example")
    case_types_install_defaults(corporation=corporation)
    with scope(corporation=corporation):
        (anna, home_a), (bram, home_b) = (
            _household(corporation, 1, "Bakker"),
            _household(corporation, 2, "Visser"),
        )
        bram.language = "en"
        bram.save(update_fields=["language"])
        yield (anna, home_a), (bram, home_b)


def _decision_tasks(case_id: int) -> list[tuple[str, str]]:
    return list(
        Task.objects.filter(source_key=f"contracts-decision-{case_id}").values_list("title", "status")
    )


def test_the_other_tenant_of_a_swap_is_told_in_their_language_and_sees_it_on_the_overview(
    pair, django_capture_on_commit_callbacks
):
    (anna, _home_a), (bram, _home_b) = pair
    assert SWAP_CARD_EN not in _portal(bram).get("/portaal/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert _start(_portal(anna)).status_code == 302
    # Sent (in the corporation's messaging sandbox) as rendered for Bram, in English, and to nobody else.
    (sent,) = OutgoingMessage.objects.all()
    assert (sent.tenant_id, sent.address, sent.status) == (bram.pk, "visser@huurder.example", "sent")
    assert sent.subject == "A house swap is waiting for your confirmation"
    assert "Another tenant wants to swap homes with you." in sent.body_text
    overview = _portal(bram).get("/portaal/").content.decode()
    assert SWAP_CARD_EN in overview
    assert SWAP_CARD not in _portal(anna).get("/portaal/").content.decode()
    swap = Swap.objects.get()
    assert _decision_tasks(swap.case_id) == []

    swap_confirm(swap=swap, tenant=bram, household=3, now=clock.now())
    assert SWAP_CARD_EN not in _portal(bram).get("/portaal/").content.decode()
    assert _decision_tasks(swap.case_id) == [
        (f"Woningruil {swap.case.number} wacht op een besluit", TaskStatus.OPEN)
    ]
    swap_decide(swap=swap, approve=False, reason="Te klein.", as_of=clock.today(), actor="test")
    assert _decision_tasks(swap.case_id)[0][1] == TaskStatus.DONE


def test_the_other_tenant_is_asked_for_consent_and_the_team_gets_the_decision(
    couple,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    contract, sara, tom = couple
    tom.email = "tom@huurder.example"
    tom.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        done = co_tenant_portal(sara).post(
            "/portaal/tenaamstelling/",
            {
                "action": "start",
                "reason": "scheiding",
                "leaving": str(tom.pk),
                "document_scheiding": SimpleUploadedFile(
                    "beschikking.pdf", PDF, content_type="application/pdf"
                ),
            },
        )
    assert done.status_code == 302
    with scope(corporation=contract.corporation):
        (sent,) = OutgoingMessage.objects.all()
    assert (sent.tenant_id, sent.address) == (tom.pk, "tom@huurder.example")
    assert sent.subject == "Wij vragen uw toestemming voor een wijziging van het huurcontract"
    assert "Daarvoor hebben wij uw toestemming nodig." in sent.body_text
    overview = co_tenant_portal(tom).get("/portaal/").content.decode()
    assert CONSENT_CARD in overview
    with scope(corporation=contract.corporation):
        change = CoTenantChange.objects.get()
        assert _decision_tasks(change.case_id) == []
        co_tenant_consent(change=change, tenant=tom, agreed=True, now=clock.now())
        assert _decision_tasks(change.case_id) == [
            (f"Tenaamstelling {change.case.number} wacht op een besluit", TaskStatus.OPEN)
        ]
        co_tenant_decide(change=change, approve=True, as_of=clock.today(), actor="test")
        assert _decision_tasks(change.case_id)[0][1] == TaskStatus.DONE
    overview = co_tenant_portal(tom).get("/portaal/").content.decode()
    assert CONSENT_CARD not in overview
