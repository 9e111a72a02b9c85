"""What a colleague sees and does: the batch with who is left out and why, the release, the files, the
municipality's answers, the agreements, and the tenant card's preconditions, objection and contact note."""

import datetime as dt
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.earlysignal.conftest import staff_client
from tests.earlysignal.world import in_arrears, municipality
from tests.factories import CorporationFactory
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.earlysignal.models import (
    Answer,
    BatchStatus,
    ContactAttempt,
    Delivery,
    DeliveryStatus,
    Municipality,
    Objection,
    Signal,
    SignalBatch,
    SignalFile,
)
from vangnet.earlysignal.services import batch_prepare, batch_release
from vangnet.flows.models import Hold

pytestmark = pytest.mark.django_db


def _released(corporation) -> SignalBatch:
    batch_prepare(corporation=corporation, as_of=clock.today(), actor="test")
    return batch_release(
        batch=SignalBatch.objects.get(status=BatchStatus.DRAFT), as_of=clock.today(), actor="test"
    )


def test_the_batch_shows_who_is_left_out_and_why_and_a_colleague_releases_it(corporation, petra):
    today = clock.today()
    municipality(corporation)
    in_arrears(corporation, today, last_name="Meldbaar")
    objector = in_arrears(corporation, today, last_name="Bezwaarmaker")
    Objection.objects.create(
        corporation=corporation,
        tenant=objector.tenant,
        registered_on=today,
        source="portal",
        registered_by="portal",
    )
    in_arrears(corporation, today, last_name="Onbereikt", contact=False)
    html = petra.get("/vroegsignalering/").content.decode()
    assert "Er staat geen batch klaar" in html
    petra.post("/vroegsignalering/klaarzetten/")
    html = petra.get("/vroegsignalering/").content.decode()
    assert "Meldbaar" in html
    assert "Huurder heeft bezwaar gemaakt" in html
    assert "Geen poging tot persoonlijk contact" in html
    batch = SignalBatch.objects.get()
    response = petra.post(f"/vroegsignalering/batch/{batch.pk}/versturen/")
    assert response["Location"] == f"/vroegsignalering/batch/{batch.pk}/"
    html = petra.get(response["Location"]).content.decode()
    assert "Exportbestand (downloaden)" in html and "Klaar om te downloaden" in html
    file = SignalFile.objects.get()
    download = petra.get(f"/vroegsignalering/bestanden/{file.pk}/")
    assert download["Content-Disposition"] == f'attachment; filename="{file.filename}"'
    rows = download.content.decode().splitlines()
    assert len(rows) == 2 and "Meldbaar" in rows[1]


def test_another_corporation_never_sees_the_batch_or_its_file(corporation, petra):
    municipality(corporation)
    in_arrears(corporation, clock.today(), last_name="Geheim")
    batch = _released(corporation)
    other = staff_client(CorporationFactory(slug="ander"), "ander-medewerker")
    assert other.get(f"/vroegsignalering/batch/{batch.pk}/").status_code == 404
    assert other.get(f"/vroegsignalering/bestanden/{SignalFile.objects.get().pk}/").status_code == 404
    assert "Geheim" not in other.get("/vroegsignalering/").content.decode()


def test_help_accepted_by_hand_holds_the_dunning_until_the_review_date(corporation, petra):
    municipality(corporation)
    in_arrears(corporation, clock.today(), last_name="Geholpen")
    batch = _released(corporation)
    signal = Signal.objects.get()
    review = clock.today() + dt.timedelta(days=60)
    petra.post(
        f"/vroegsignalering/signalen/{signal.pk}/reactie/",
        {
            "answer": Answer.HELP_ACCEPTED,
            "answered_on": clock.today().isoformat(),
            "review_on": review.isoformat(),
        },
    )
    hold = Hold.objects.get(contract=signal.contract)
    assert (hold.review_on, hold.released_on) == (review, None)
    assert "Schuldhulp via de gemeente Utrecht geaccepteerd" in hold.reason
    html = petra.get(f"/vroegsignalering/batch/{batch.pk}/").content.decode()
    assert "Hulp geaccepteerd" in html


def test_an_answers_file_with_one_bad_row_changes_nothing(corporation, petra):
    municipality(corporation)
    in_arrears(corporation, clock.today(), last_name="Eerste")
    in_arrears(corporation, clock.today(), last_name="Tweede")
    batch = _released(corporation)
    first, second = Signal.objects.order_by("pk")
    today = clock.today().isoformat()
    content = (
        "ID;datum;reactie;herbeoordelen_op;toelichting\n"
        f"{first.reference};{today};hulp_geaccepteerd;;budgetcoach\n"
        f"{second.reference};morgen;misschien;;\n"
    )
    upload = SimpleUploadedFile("reacties.csv", content.encode(), content_type="text/csv")
    response = petra.post(f"/vroegsignalering/batch/{batch.pk}/reacties/", {"file": upload}, follow=True)
    html = response.content.decode()
    assert "Het bestand is geweigerd; er is niets veranderd." in html
    assert "Regel 3, reactie: &#x27;misschien&#x27; is niet een van" in html
    assert "Regel 3, datum: &#x27;morgen&#x27; is geen datum" in html
    assert not Signal.objects.exclude(answer="").exists()
    assert not Hold.objects.exists()
    good = content.splitlines()[:2]
    upload = SimpleUploadedFile("reacties.csv", "\n".join(good).encode(), content_type="text/csv")
    html = petra.post(
        f"/vroegsignalering/batch/{batch.pk}/reacties/", {"file": upload}, follow=True
    ).content.decode()
    assert "1 reacties verwerkt." in html
    first.refresh_from_db()
    assert (first.answer, first.answer_note) == (Answer.HELP_ACCEPTED, "budgetcoach")
    assert Hold.objects.get().contract_id == first.contract_id


def test_the_email_link_downloads_the_file_and_a_changed_link_does_not(corporation):
    municipality(corporation, delivery=Delivery.EMAIL)
    in_arrears(corporation, clock.today(), last_name="Gemaild")
    _released(corporation)
    file = SignalFile.objects.get()
    (message,) = mail.outbox
    (link,) = re.findall(r"http://127.0.0.1:8000(/vroegsignalering/download/\S+/)", message.body)
    response = Client().get(link)
    assert "Gemaild" in response.content.decode()
    assert Client().get(link[:-3] + "xyz/").status_code == 404
    file.refresh_from_db()
    assert file.downloads == 1


class _Municipality(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.headers["Authorization"], body))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_api_delivery_posts_the_json_to_the_municipality(corporation):
    server = HTTPServer(("127.0.0.1", 0), _Municipality)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        municipality(
            corporation,
            delivery=Delivery.API,
            file_format="json",
            endpoint_url=f"http://127.0.0.1:{server.server_port}/signalen",
            endpoint_token="geheim",
        )
        in_arrears(corporation, clock.today(), last_name="Aangeleverd")
        _released(corporation)
    finally:
        server.shutdown()
    ((authorization, body),) = _Municipality.received
    assert authorization == "Bearer geheim"
    assert '"Achternaam": "Aangeleverd"' in body.decode()
    file = SignalFile.objects.get()
    assert (file.status, file.status_note) == (
        DeliveryStatus.SENT,
        "Aangeleverd op de API van de gemeente (antwoord 201).",
    )


def test_a_municipality_that_agrees_by_email_needs_an_address(corporation):
    manager = staff_client(corporation, "manager-signalen", Role.MANAGER)
    form = {
        "name": "Zeist",
        "agreed": "on",
        "agreed_on": "2026-01-01",
        "delivery_kind": "email",
        "file_format": "csv",
    }
    html = manager.post("/vroegsignalering/gemeenten/bewerken/", form).content.decode()
    assert "Vul het e-mailadres van de contactpersoon in." in html
    assert not Municipality.objects.exists()
    manager.post("/vroegsignalering/gemeenten/bewerken/", {**form, "contact_email": "vs@zeist.example"})
    assert Municipality.objects.get().agreed is True


def test_a_credit_manager_may_not_change_the_agreements(corporation, petra):
    assert petra.get("/vroegsignalering/gemeenten/bewerken/").status_code == 403


def test_the_tenant_card_shows_each_precondition_with_its_evidence_and_date(corporation, petra):
    today = clock.today()
    party = in_arrears(corporation, today, last_name="Kaart", contact=False)
    html = petra.get(f"/huurders/{party.tenant.pk}/").content.decode()
    reminder_day = (today - dt.timedelta(days=40)).strftime("%d-%m-%Y")
    assert "a. Poging tot persoonlijk contact: Geen beltaak, huisbezoek of contactnotitie" in html
    assert (
        f'Bericht &#x27;Vriendelijke herinnering&#x27; verstuurd per brief <span class="nowrap">({reminder_day})'
        in html
    )
    assert "herinnering-vriendelijk" not in html
    petra.post(
        f"/huurders/{party.tenant.pk}/contactpoging/",
        {"method": "visit", "happened_on": today.isoformat(), "note": "Niet thuis, kaartje achtergelaten"},
    )
    assert ContactAttempt.objects.get().author == "petra-signalen"
    html = petra.get(f"/huurders/{party.tenant.pk}/").content.decode()
    assert (
        "Huisbezoek, niet bereikt (genoteerd door petra-signalen): Niet thuis, kaartje achtergelaten" in html
    )
    petra.post(f"/huurders/{party.tenant.pk}/bezwaar-gemeente/", {"note": "aan de balie"})
    html = petra.get(f"/huurders/{party.tenant.pk}/").content.decode()
    assert "Bezwaar tegen delen met de gemeente sinds" in html
    assert Objection.objects.get().source == "staff"
