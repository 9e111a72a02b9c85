"""Arrangements, promises and disputes from the staff side: the tenant card's forms, the lists, the decisions."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.factories import MembershipFactory
from tests.flows.builders import DEFAULT_STEPS
from tests.world import build_world, unpaid
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Promise
from vangnet.core.models import Role
from vangnet.daily.services import run_day
from vangnet.disputes.models import Dispute, DisputeCategory, DisputeStatus
from vangnet.events.models import OutboundEvent
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold, HoldKind
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    today = timezone.localdate()
    built = build_world("Woonstad", "woonstad", flow=DEFAULT_STEPS, disputes=True, staff="cm-woonstad")
    built.add_household(arrears=unpaid(due=today - dt.timedelta(days=20), as_of=today))
    run_day(corporation=built.corporation, as_of=today)
    assert built.staff is not None
    return SimpleNamespace(
        corporation=built.corporation,
        contract=built.contract,
        tenant=built.tenant,
        client=built.staff.client,
        member=built.staff.membership,
        today=today,
    )


def test_the_calculator_shows_the_schedule_and_the_form_registers_the_arrangement(world):
    first = world.today + dt.timedelta(days=10)
    preview = world.client.get(
        f"/contracten/{world.contract.pk}/regeling/berekenen/",
        {"total": "700,00", "count": "3", "start_date": first.isoformat(), "payment_method": "link"},
    ).content.decode()
    assert "3 termijnen" in preview and "€ 233,33" in preview and "€ 233,34" in preview
    nonsense = world.client.get(
        f"/contracten/{world.contract.pk}/regeling/berekenen/",
        {"total": "zeven", "count": "3", "start_date": first.isoformat(), "payment_method": "link"},
    ).content.decode()
    assert "Vul een bedrag in" in nonsense

    response = world.client.post(
        f"/contracten/{world.contract.pk}/regeling/",
        {"total": "700,00", "count": "3", "start_date": first.isoformat(), "payment_method": "link"},
        follow=True,
    )
    page = response.content.decode()
    assert "Betalingsregeling vastgelegd" in page and "Termijnen" in page
    arrangement = Arrangement.objects.get(contract=world.contract)
    assert arrangement.status == ArrangementStatus.ACTIVE and arrangement.channel == "staff"
    assert arrangement.owner == world.member.user
    assert OutboundEvent.objects.filter(type="arrangement.registered").exists()

    again = world.client.post(
        f"/contracten/{world.contract.pk}/regeling/",
        {"total": "100", "count": "2", "start_date": first.isoformat(), "payment_method": "link"},
        follow=True,
    )
    assert "Er loopt al een betalingsregeling" in again.content.decode()
    assert Arrangement.objects.filter(contract=world.contract).count() == 1


def test_an_arrangement_from_the_call_list_finishes_the_call(world):
    call = Task.objects.create(
        corporation=world.corporation,
        kind=TaskKind.CALL,
        title="Bel",
        tenant=world.tenant,
        contract=world.contract,
        due_on=world.today,
        source=TaskSource.FLOW,
    )
    redirect = world.client.post(f"/bellijst/{call.pk}/uitkomst/", {"uitkomst": "arrangement"})
    assert f"taak={call.pk}" in redirect["Location"] and "open=regeling" in redirect["Location"]
    card = world.client.get(redirect["Location"]).content.decode()
    assert f'name="taak" value="{call.pk}"' in card
    world.client.post(
        f"/contracten/{world.contract.pk}/regeling/",
        {
            "total": "700",
            "amount": "100",
            "start_date": (world.today + dt.timedelta(days=3)).isoformat(),
            "payment_method": "link",
            "taak": call.pk,
        },
    )
    call.refresh_from_db()
    assert call.status == TaskStatus.DONE and call.outcome.startswith("Regeling gemaakt")
    assert Arrangement.objects.get(contract=world.contract).channel == "phone"


def test_a_promise_from_the_card_holds_the_flow_tonight(world):
    world.client.post(
        f"/contracten/{world.contract.pk}/belofte/",
        {
            "promised_date": (world.today + dt.timedelta(days=5)).isoformat(),
            "amount": "700",
            "kanaal": "phone",
        },
    )
    promise = Promise.objects.get(contract=world.contract)
    assert promise.channel == "phone" and promise.amount == Decimal("700.00")
    too_late = world.client.post(
        f"/contracten/{world.contract.pk}/belofte/",
        {"promised_date": (world.today + dt.timedelta(days=60)).isoformat(), "amount": "700"},
        follow=True,
    )
    assert "Kies een datum van vandaag tot en met" in too_late.content.decode()
    run_day(corporation=world.corporation, as_of=world.today + dt.timedelta(days=1))
    assert Enrollment.objects.get(contract=world.contract).status == EnrollmentStatus.HELD


def test_requested_arrangements_are_reviewed_from_the_list(world):
    from vangnet.arrangements.services import arrangement_propose

    outcome = arrangement_propose(
        contract=world.contract,
        count=40,
        start_date=world.today + dt.timedelta(days=5),
        payment_method="link",
        as_of=world.today,
        actor="portal",
    )
    assert not outcome.decision.approved
    page = world.client.get("/regelingen/").content.decode()
    assert "Aangevraagd in het portaal" in page and world.tenant.display_name in page
    world.client.post(f"/regelingen/{outcome.arrangement.pk}/afwijzen/", {"reden": ""})
    outcome.arrangement.refresh_from_db()
    assert outcome.arrangement.status == ArrangementStatus.REQUESTED
    world.client.post(f"/regelingen/{outcome.arrangement.pk}/goedkeuren/")
    outcome.arrangement.refresh_from_db()
    assert outcome.arrangement.status == ArrangementStatus.ACTIVE


def test_a_dispute_opened_on_the_card_holds_the_flow_and_resolving_it_resumes_at_once(world):
    category = DisputeCategory.objects.filter(corporation=world.corporation, pauses_collection=True).first()
    item = world.contract.entries.get()
    response = world.client.post(
        f"/contracten/{world.contract.pk}/geschil/",
        {
            "category": category.pk,
            "items": [item.pk],
            "description": "Deze factuur heb ik nooit gekregen.",
            "attachment": SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Geschil vastgelegd" in page and "brief.pdf" in page
    dispute = Dispute.objects.get(contract=world.contract)
    assert Enrollment.objects.get(contract=world.contract).status == EnrollmentStatus.HELD
    attachment = dispute.attachments.get()
    download = world.client.get(f"/geschillen/bijlagen/{attachment.pk}/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    listing = world.client.get("/geschillen/").content.decode()
    assert category.name in listing
    world.client.post(
        f"/geschillen/{dispute.pk}/oplossen/",
        {"oplossing": "Factuur opnieuw gestuurd", "posten": "hervatten"},
    )
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVED and dispute.items_resume is True
    assert Enrollment.objects.get(contract=world.contract).status == EnrollmentStatus.ACTIVE
    assert not Hold.objects.filter(
        contract=world.contract, kind=HoldKind.DISPUTE, released_on__isnull=True
    ).exists()


def test_a_fake_attachment_is_refused_and_leaves_nothing(world):
    category = DisputeCategory.objects.filter(corporation=world.corporation).first()
    response = world.client.post(
        f"/contracten/{world.contract.pk}/geschil/",
        {
            "category": category.pk,
            "description": "Zie bijlage",
            "attachment": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf"),
        },
        follow=True,
    )
    assert "virus.pdf kunnen we niet gebruiken. Stuur een PDF, JPG of PNG." in response.content.decode()
    assert not Dispute.objects.exists()


def test_a_dispute_handler_works_disputes_but_not_the_collection(world):
    handler = MembershipFactory(corporation=world.corporation, role=Role.DISPUTE_HANDLER)
    client = Client()
    client.force_login(handler.user)
    card = client.get(f"/huurders/{world.tenant.pk}/").content.decode()
    assert "Geschil openen" in card
    assert "Incasso: segment en traject" not in card and "Betalingsregeling maken" not in card
    assert client.get("/trajecten/").status_code == 403
    assert client.get("/regelingen/").status_code == 403
    assert client.get("/bellijst/").status_code == 403
    assert client.get("/geschillen/").status_code == 200
    assert client.post(f"/contracten/{world.contract.pk}/regeling/", {}).status_code == 403


def test_another_corporation_cannot_reach_these_screens(world, staff_b):
    arrangement_page = staff_b.client.get("/regelingen/").content.decode()
    assert world.tenant.display_name not in arrangement_page
    assert staff_b.client.post(f"/contracten/{world.contract.pk}/belofte/", {}).status_code == 404
    assert staff_b.client.post(f"/contracten/{world.contract.pk}/geschil/", {}).status_code == 404


def test_the_dispute_notice_tells_the_tenant_by_when_we_answer(world, django_capture_on_commit_callbacks):
    from vangnet.core.language import written_date
    from vangnet.messaging.models import OutgoingMessage
    from vangnet.messaging.template_services import templates_install_defaults

    templates_install_defaults(corporation=world.corporation)
    world.tenant.email = "huurder@example.nl"
    world.tenant.save(update_fields=["email"])
    category = DisputeCategory.objects.filter(corporation=world.corporation, pauses_collection=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        world.client.post(
            f"/contracten/{world.contract.pk}/geschil/",
            {"category": category.pk, "description": "Deze factuur heb ik nooit gekregen."},
        )
    dispute = Dispute.objects.get(contract=world.contract)
    notice = OutgoingMessage.objects.get(template_code="geschil-ontvangen")
    assert notice.body_text and written_date(dispute.deadline) in notice.body_text
