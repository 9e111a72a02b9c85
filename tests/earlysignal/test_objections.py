"""The objection from the portal button and from a call outcome; a second one keeps the first."""

import pytest

from tests.earlysignal.world import in_arrears
from tests.portal.conftest import make_corporation, make_household
from tests.world import portal_client
from vangnet.core import clock
from vangnet.earlysignal.models import Objection
from vangnet.tasks.models import Task, TaskKind, TaskSource

pytestmark = pytest.mark.django_db


def test_the_portal_button_registers_the_objection(db):
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    household = make_household(corporation, postcode="3511 AB", house_number="12", first_name="Fatima")
    client = portal_client(household)
    html = client.get("/portaal/gegevens-gemeente/").content.decode()
    assert "Ik wil niet dat mijn gegevens worden gedeeld" in html
    html = client.post("/portaal/gegevens-gemeente/").content.decode()
    assert "Wij hebben uw keuze opgeslagen." in html
    assert "Wij geven uw gegevens niet door." in html
    client.post("/portaal/gegevens-gemeente/")
    objection = Objection.objects.get()
    assert (objection.tenant, objection.source, objection.registered_by) == (
        household.tenant,
        "portal",
        "portal",
    )


def test_a_call_outcome_registers_the_objection(corporation, petra):
    party = in_arrears(corporation, clock.today(), last_name="Beller")
    task = Task.objects.create(
        corporation=corporation,
        kind=TaskKind.CALL,
        title="Bellen",
        tenant=party.tenant,
        contract=party.contract,
        due_on=clock.today(),
        source=TaskSource.FLOW,
    )
    petra.post(
        f"/bellijst/{task.pk}/uitkomst/",
        {"uitkomst": "reached", "bezwaar_gemeente": "ja", "notitie": "wil het zelf regelen"},
    )
    task.refresh_from_db()
    assert task.outcome == "Bereikt: wil het zelf regelen · bezwaar tegen melden bij de gemeente vastgelegd"
    objection = Objection.objects.get()
    assert (objection.source, objection.note) == ("call", "wil het zelf regelen")
