"""Agencies that pull: their open hand-overs as dossiers, feedback as JSON rows; other keys see nothing."""

import datetime as dt

import pytest
from django.test import Client

from tests.api.clients import ApiClient
from tests.handovers.world import agencies, proposals, proposals_world
from vangnet.core import clock
from vangnet.core.api_keys import api_key_create
from vangnet.handovers.models import AgencyPayment
from vangnet.handovers.services import agency_api_key_create, handovers_approve

pytestmark = pytest.mark.django_db
APPROVE_DAY = dt.date(2026, 11, 3)


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    corporation, contracts = proposals_world(django_capture_on_commit_callbacks)
    bureau, bailiff = agencies(corporation)
    first, second = proposals(corporation)
    with clock.moved_to(APPROVE_DAY):
        handovers_approve(
            corporation=corporation, handovers=[first], agency=bureau, as_of=APPROVE_DAY, actor="m"
        )
        handovers_approve(
            corporation=corporation, handovers=[second], agency=bailiff, as_of=APPROVE_DAY, actor="m"
        )
    secret = agency_api_key_create(agency=bureau, actor="test")
    bureau.refresh_from_db()
    return (
        corporation,
        contracts,
        bureau,
        ApiClient(Client(enforce_csrf_checks=True), bureau.api_key, secret),
        first,
    )


def test_an_agency_pulls_only_its_own_dossiers(world):
    _, contracts, _, api, first = world

    body = api.get("/api/v1/agency/handovers").json()

    assert body["agency"] == "incasso-noord"
    assert [d["contract"]["contract_id"] for d in body["handovers"]] == [contracts[0].source_id]
    dossier = body["handovers"][0]
    assert dossier["handover_id"] == first.number
    assert dossier["open_total"] == "827.05"
    assert dossier["fourteen_day_letter"]["channel"] == "letter"
    assert "btw" in dossier["vat_declaration"]
    assert api.get(f"/api/v1/agency/handovers/{first.number}").json()["handover_id"] == first.number
    assert api.get(f"/api/v1/agency/handovers/OV-{first.pk + 1}").status_code == 404


def test_an_erp_key_is_not_an_agency(world):
    corporation, *_ = world
    key, secret = api_key_create(corporation=corporation, name="ERP", actor="test")
    erp = ApiClient(Client(enforce_csrf_checks=True), key, secret)
    response = erp.get("/api/v1/agency/handovers")
    assert response.status_code == 403
    assert response.json()["detail"] == "This key does not belong to an agency."


def test_feedback_rows_book_a_payment_or_are_rejected_whole(world):
    _, contracts, _, api, _ = world
    contract_id = contracts[0].source_id
    bad = api.post_json(
        "/api/v1/agency/feedback",
        {
            "rows": [
                {
                    "contract_id": contract_id,
                    "datum": "2026-11-18",
                    "soort": "betaling",
                    "bedrag": "50.00",
                    "kenmerk": "A1",
                },
                {
                    "contract_id": contract_id,
                    "datum": "2026-11-18",
                    "soort": "stadium",
                    "stadium": "hoger beroep",
                },
            ]
        },
    )
    assert bad.status_code == 422
    assert [(e["row"], e["field"]) for e in bad.json()["errors"]] == [(3, "stadium")]
    assert not AgencyPayment.objects.exists()

    good = api.post_json(
        "/api/v1/agency/feedback",
        {
            "rows": [
                {
                    "contract_id": contract_id,
                    "datum": "2026-11-18",
                    "soort": "betaling",
                    "bedrag": "50.00",
                    "kenmerk": "A1",
                }
            ]
        },
    )
    assert good.status_code == 200
    assert good.json() == {
        "rows": 1,
        "payments_booked": 1,
        "amount_booked": "50.00",
        "closed": 0,
        "errors": [],
    }
