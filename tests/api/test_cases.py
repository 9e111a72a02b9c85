"""The cases API: types, opening for a tenant or another party, reading, and the stage transitions."""

import pytest

from tests.api.clients import ApiClient
from tests.factories import tenant_with_contract
from vangnet.cases.models import Case
from vangnet.cases.services import case_types_install_defaults


@pytest.fixture
def api(api_a) -> ApiClient:
    case_types_install_defaults(corporation=api_a.corporation)
    return api_a


@pytest.fixture
def tenant(api):
    return tenant_with_contract(corporation=api.corporation, tenant_kwargs={"source_id": "REL-1"}).tenant


def test_case_types_list_every_type_with_its_stages(api):
    response = api.get("/api/v1/case-types")
    assert response.status_code == 200
    by_code = {t["code"]: t for t in response.json()}
    assert set(by_code) == {
        "reparatie",
        "klacht",
        "overlast",
        "vraag",
        "betalingsregeling",
        "betaallink",
        "opzegging",
        "woningaanpassing",
        "verhuur",
        "woningruil",
        "tenaamstelling",
        "betaalwijze",
        "serviceabonnement",
    }
    assert [s["code"] for s in by_code["klacht"]["stages"]] == [
        "ontvangen",
        "in-behandeling",
        "beantwoord",
        "klachtencommissie",
        "afgesloten",
    ]


def test_a_repair_opened_by_the_erp_and_moved_on(api, tenant):
    response = api.post_json(
        "/api/v1/cases",
        {
            "case_type": "reparatie",
            "tenant_id": "REL-1",
            "guide": "badkamer/wc/loopt-door",
            "answers": {"omschrijving": "De wc loopt steeds door."},
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["subject"], body["team"], body["next_stages"]) == (
        "gemeld",
        "Badkamer en wc: De wc blijft doorlopen",
        "Onderhoud",
        ["opdracht", "geannuleerd"],
    )
    moved = api.post_json(f"/api/v1/cases/{body['id']}/transitions", {"to": "opdracht"})
    assert moved.status_code == 200
    assert moved.json()["stage_name"] == "Opdracht bij vakman"
    listed = api.get("/api/v1/cases?tenant_id=REL-1").json()
    assert [c["number"] for c in listed] == [body["number"]]


def test_a_transition_the_stage_does_not_allow_is_a_400_and_changes_nothing(api, tenant):
    created = api.post_json(
        "/api/v1/cases",
        {"case_type": "vraag", "tenant_id": "REL-1", "answers": {"vraag": "Mag ik een schotel ophangen?"}},
    ).json()
    response = api.post_json(f"/api/v1/cases/{created['id']}/transitions", {"to": "bestaat-niet"})
    assert response.status_code == 400
    assert "kan de zaak alleen naar: In behandeling, Beantwoord" in response.json()["detail"]
    assert Case.objects.get(pk=created["id"]).stage == "gesteld"


def test_an_unknown_party_is_refused_by_field(api):
    response = api.post_json(
        "/api/v1/cases", {"case_type": "klacht", "tenant_id": "NOPE", "answers": {"onderwerp": "service"}}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "tenant_id",
            "reason_nl": "onbekende huurder",
            "reason_en": "No tenant with tenant_id 'NOPE'.",
        }
    ]
    assert not Case.objects.exists()


def test_a_complaint_of_someone_else_through_the_api(api):
    response = api.post_json(
        "/api/v1/cases",
        {
            "case_type": "klacht",
            "party": {"name": "Karin Smit", "email": "karin@example.org"},
            "answers": {"onderwerp": "medewerker", "klacht": "Onvriendelijk te woord gestaan."},
            "channel": "email",
        },
    )
    assert response.status_code == 201
    assert (response.json()["party_name"], response.json()["tenant_id"]) == ("Karin Smit", None)


def test_another_corporations_case_is_not_found(api, api_b, tenant):
    created = api.post_json(
        "/api/v1/cases", {"case_type": "vraag", "tenant_id": "REL-1", "answers": {"vraag": "Hoi"}}
    ).json()
    case_types_install_defaults(corporation=api_b.corporation)
    response = api_b.post_json(f"/api/v1/cases/{created['id']}/transitions", {"to": "beantwoord"})
    assert response.status_code == 404
    assert api_b.get("/api/v1/cases").json() == []
