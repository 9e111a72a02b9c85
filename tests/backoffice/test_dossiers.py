"""Moving a dossier to another flow by hand, and proposing a hand-over, from the tenant card."""

import datetime as dt

import pytest
from django.test import Client

from tests.factories import MembershipFactory
from tests.flows.builders import DEFAULT_STEPS, step
from tests.world import build_world, unpaid
from vangnet.core import clock
from vangnet.core.calendar import add_business_days
from vangnet.core.models import AuditEntry, Role
from vangnet.daily.services import run_day
from vangnet.flows.models import Enrollment, EventKind, Flow, Segment
from vangnet.flows.services import flow_version_create
from vangnet.handovers.models import Handover
from vangnet.tasks.models import Task, TaskKind, TaskPriority

pytestmark = pytest.mark.django_db
TODAY = clock.today()


@pytest.fixture
def world():
    built = build_world("Woonstad", "woonstad", flow=DEFAULT_STEPS, staff="cm-woonstad")
    corporation, gentle = built.corporation, built.flow
    strict = Flow.objects.create(
        corporation=corporation, code="streng", name="Streng", send_time=dt.time(9), strictness=4
    )
    flow_version_create(
        flow=strict,
        steps=[step(3, "Strenge herinnering"), step(10, "Bellen", action="call_task")],
        note="test",
        actor="test",
    )
    contract = built.add_household(arrears=unpaid(due=TODAY - dt.timedelta(days=20), as_of=TODAY)).contract
    run_day(corporation=corporation, as_of=TODAY)
    assert built.staff is not None
    return corporation, gentle, strict, contract, built.staff.client


def test_a_dossier_moves_to_another_flow_and_starts_at_its_first_step(world, settings):
    corporation, gentle, strict, contract, client = world
    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.flow == gentle
    tenant_id = contract.parties.get().tenant_id
    card = client.get(f"/huurders/{tenant_id}/").content.decode()
    assert "Naar een ander traject" in card and "Streng" in card

    refused = client.post(
        f"/contracten/{contract.pk}/traject/", {"traject": strict.pk, "reden": " "}, follow=True
    )
    assert "Schrijf kort op waarom" in refused.content.decode()
    client.post(f"/contracten/{contract.pk}/traject/", {"traject": strict.pk, "reden": "Belt nooit terug"})
    enrollment.refresh_from_db()
    first = strict.current_version.steps.order_by("position").first()
    assert enrollment.flow == strict and enrollment.next_step == first
    assert enrollment.events.filter(kind=EventKind.MOVED, reason__contains="Belt nooit terug").exists()
    assert AuditEntry.objects.filter(action="flows.enrollment_moved", tenant_id=tenant_id).exists()

    # The segment sends new arrears to the gentle flow; the nightly run leaves the moved dossier alone.
    assert Segment.objects.get(corporation=corporation).flow == gentle
    # The next business day: steps do not go out on Sundays and public holidays.
    run_day(corporation=corporation, as_of=add_business_days(TODAY, 1))
    enrollment.refresh_from_db()
    assert enrollment.flow == strict
    assert enrollment.step_runs.filter(step=first).exists()


def test_proposing_a_hand_over_puts_it_on_the_approval_list_with_a_task_for_a_manager(world):
    _, _, _, contract, client = world
    refused = client.post(f"/contracten/{contract.pk}/overdracht/", {"reden": ""}, follow=True)
    assert "Schrijf op waarom" in refused.content.decode()
    client.post(f"/contracten/{contract.pk}/overdracht/", {"reden": "Geen reactie op veertiendagenbrief"})
    again = client.post(f"/contracten/{contract.pk}/overdracht/", {"reden": "Nog een keer"}, follow=True)
    assert "Voor dit contract loopt al een overdracht" in again.content.decode()
    task = Task.objects.get(kind=TaskKind.HANDOVER, contract=contract, source="staff")
    assert task.priority == TaskPriority.HIGH
    assert "veertiendagenbrief" in task.description
    proposal = Handover.objects.get(contract=contract)
    assert (proposal.status, proposal.source, proposal.reason) == (
        "proposed",
        "staff",
        "Geen reactie op veertiendagenbrief",
    )


def test_dispute_handlers_cannot_move_dossiers(world):
    corporation, _, strict, contract, _ = world
    handler = MembershipFactory(corporation=corporation, role=Role.DISPUTE_HANDLER)
    client = Client()
    client.force_login(handler.user)
    assert (
        client.post(f"/contracten/{contract.pk}/traject/", {"traject": strict.pk, "reden": "x"}).status_code
        == 403
    )
    assert client.post(f"/contracten/{contract.pk}/overdracht/", {"reden": "x"}).status_code == 403


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_notes_and_documents_on_the_card(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vangnet.tenants.models import TenantDocument, TenantNote

    settings.MEDIA_ROOT = tmp_path
    _, _, _, contract, client = world
    tenant_id = contract.parties.get().tenant_id
    assert (
        "Schrijf eerst iets"
        in client.post(f"/huurders/{tenant_id}/notitie/", {"tekst": " "}, follow=True).content.decode()
    )
    client.post(f"/huurders/{tenant_id}/notitie/", {"tekst": "Belde zelf: salaris komt de 25e."})
    fake = client.post(
        f"/huurders/{tenant_id}/document/",
        {
            "titel": "Loonstrook",
            "bestand": SimpleUploadedFile("loon.pdf", b"MZ\x90", content_type="application/pdf"),
        },
        follow=True,
    )
    assert "kunnen we niet gebruiken" in fake.content.decode()
    assert not TenantDocument.objects.exists() and not list(tmp_path.rglob("*.pdf"))
    client.post(
        f"/huurders/{tenant_id}/document/",
        {
            "titel": "Brief bewindvoerder",
            "bestand": SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf"),
        },
    )
    card = client.get(f"/huurders/{tenant_id}/").content.decode()
    assert "salaris komt de 25e" in card and "Brief bewindvoerder" in card
    assert "Notitie toegevoegd" in card and "Document toegevoegd" in card
    document = TenantDocument.objects.get()
    assert b"".join(client.get(f"/documenten/{document.pk}/").streaming_content).startswith(b"%PDF")
    assert TenantNote.objects.get().author
