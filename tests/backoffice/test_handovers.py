"""The hand-over screens: the approval list with its checks, bulk approval, exports, feedback, recall."""

import csv
import io

import pytest
from django.test import Client

from tests.factories import MembershipFactory
from tests.handovers.world import agencies, proposals, proposals_world
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.handovers.models import FeedbackImport, HandoverStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    corporation, contracts = proposals_world(django_capture_on_commit_callbacks)
    bureau, bailiff = agencies(corporation, checked_on=clock.today())
    manager = MembershipFactory(corporation=corporation, role=Role.MANAGER)
    client = Client()
    client.force_login(manager.user)
    return corporation, contracts, bureau, bailiff, client


def test_the_manager_sees_the_checks_and_approves_a_batch(world):
    corporation, contracts, bureau, _, client = world

    page = client.get("/overdrachten/").content.decode()

    assert "Veertiendagenbrief verstuurd en termijn verstreken" in page
    assert "Geen schuldhulpverlening, WSNP of bewind" in page
    assert contracts[0].source_id in page
    ids = [str(h.pk) for h in proposals(corporation)]
    done = client.post(
        "/overdrachten/besluit/",
        {"overdracht": ids, "partner": bureau.slug, "besluit": "goedkeuren"},
        follow=True,
    ).content.decode()
    assert "2 overdrachten goedgekeurd voor Incasso Noord B.V." in done
    assert {h.status for h in proposals(corporation)} == {HandoverStatus.APPROVED}


def test_an_agency_without_a_wki_check_is_refused_with_the_reason(world):
    corporation, _, bureau, _, client = world
    bureau.wki_checks.all().delete()

    page = client.post(
        "/overdrachten/besluit/",
        {
            "overdracht": [str(h.pk) for h in proposals(corporation)],
            "partner": bureau.slug,
            "besluit": "goedkeuren",
        },
        follow=True,
    ).content.decode()

    assert "Overdracht geweigerd: Incasso Noord B.V. is nog niet gecontroleerd in het register" in page
    assert {h.status for h in proposals(corporation)} == {HandoverStatus.PROPOSED}


def test_export_then_download_the_csv(world):
    corporation, contracts, bureau, _, client = world
    client.post(
        "/overdrachten/besluit/",
        {"overdracht": [str(proposals(corporation)[0].pk)], "partner": bureau.slug, "besluit": "goedkeuren"},
    )

    done = client.post("/overdrachten/leveringen/exporteren/", follow=True).content.decode()

    assert "1 dossier geëxporteerd in 2 bestanden." in done
    export = bureau.exports.get()
    file = export.files.exclude(name__contains="posten").get(name__endswith=".csv")
    body = client.get(f"/overdrachten/bestanden/{file.pk}/").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert rows[0]["contract"] == contracts[0].source_id


def test_a_rejected_feedback_upload_shows_every_error_and_books_nothing(world):
    corporation, contracts, bureau, _, client = world
    client.post(
        "/overdrachten/besluit/",
        {"overdracht": [str(proposals(corporation)[0].pk)], "partner": bureau.slug, "besluit": "goedkeuren"},
    )
    body = (
        "contract_id;datum;soort;bedrag;kenmerk\n"
        f"{contracts[0].source_id};2026-11-18;betaling;abc;K1\n"
        f"ONBEKEND;2026-11-18;betaling;10.00;K2\n"
    )
    upload = io.BytesIO(body.encode())
    upload.name = "terug.csv"

    page = client.post(
        "/overdrachten/terugkoppeling/inlezen/", {"agency": bureau.slug, "file": upload}, follow=True
    ).content.decode()

    assert "Het bestand is afgewezen: er is niets verwerkt. Bekijk de 2 fouten hieronder." in page
    assert "een bedrag boven 0 met een punt, zoals 125.50" in page
    assert "geen lopende overdracht aan deze partner" in page
    assert FeedbackImport.objects.get().payments_booked == 0


def test_a_credit_manager_may_follow_but_not_approve(world):
    corporation, _, bureau, _, _ = world
    member = MembershipFactory(corporation=corporation, role=Role.CREDIT_MANAGER)
    client = Client()
    client.force_login(member.user)
    assert client.get("/overdrachten/").status_code == 200
    refused = client.post(
        "/overdrachten/besluit/",
        {"overdracht": [str(proposals(corporation)[0].pk)], "partner": bureau.slug, "besluit": "goedkeuren"},
    )
    assert refused.status_code == 403
