"""Open, assign, resolve and reject: holds and enrollments follow at once, tasks, notices and events."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.disputes.conftest import DAY_5, PDF, PNG, day
from tests.factories import LedgerEntryFactory, MembershipFactory, UserFactory
from tests.flows.builders import pay
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry, Role
from vangnet.daily.services import run_day
from vangnet.disputes.models import Dispute, DisputeAttachment, DisputeNote, DisputeStatus
from vangnet.disputes.services import (
    dispute_assign,
    dispute_categories_install_defaults,
    dispute_note_add,
    dispute_open,
    dispute_reject,
    dispute_resolve,
)
from vangnet.events.models import OutboundEvent
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold, HoldKind
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


def _open(world, code="bedrag-klopt-niet", **kwargs):
    defaults = {
        "contract": world.contract,
        "category": world.category(code),
        "description": "Het bedrag is hoger dan in mijn huurcontract staat.",
        "items": [world.item],
        "as_of": day(6),
        "actor": "test",
    }
    return dispute_open(**(defaults | kwargs))


def _enrollment(world) -> Enrollment:
    return Enrollment.objects.get(contract=world.contract)


def test_default_categories_are_realistic_and_installed_once(world):
    repair = world.category("reparatie-niet-uitgevoerd")
    assert (repair.name, repair.pauses_collection, repair.resolution_days, repair.resolver_team) == (
        "Reparatie niet uitgevoerd",
        True,
        21,
        "Onderhoud",
    )
    rent = world.category("huurverlaging")
    assert (rent.pauses_collection, rent.resolution_days, rent.resolver_team) == (False, 42, "Verhuur")
    assert dispute_categories_install_defaults(corporation=world.corporation) == 0


def test_a_pausing_dispute_holds_the_flow_at_once_and_resuming_releases_it_at_once(world):
    assert _enrollment(world).status == EnrollmentStatus.ACTIVE

    dispute = _open(world)

    assert dispute.status == DisputeStatus.OPEN
    assert dispute.deadline == day(16)  # 10 days for "Bedrag klopt niet"
    assert (dispute.resolver_team, dispute.monitor_team) == ("Financiële administratie", "Huurincasso")
    assert list(dispute.items.all()) == [world.item]
    hold = Hold.objects.get(contract=world.contract, kind=HoldKind.DISPUTE, released_on__isnull=True)
    assert hold.source_key == f"dispute:{dispute.pk}" and hold.starts_on == day(6)
    assert _enrollment(world).status == EnrollmentStatus.HELD  # now, not at tonight's run
    task = Task.objects.get(source_key=f"dispute:{dispute.pk}")
    assert (task.kind, task.team, task.due_on, task.status) == (
        TaskKind.DISPUTE,
        "Financiële administratie",
        day(16),
        TaskStatus.OPEN,
    )
    notice = OutgoingMessage.objects.get(template_code="geschil-ontvangen")
    assert notice.contract == world.contract
    opened = OutboundEvent.objects.get(type="dispute.opened")
    assert opened.payload["contract_id"] == world.contract.source_id
    assert opened.payload["items"][0]["ledger_entry_id"] == world.item.source_id
    assert opened.payload["items"][0]["amount"] == "700.00"

    report = run_day(corporation=world.corporation, as_of=day(12))
    assert report.messages_planned == 0  # the SMS of day 12 waits while the dispute is open
    assert _enrollment(world).status == EnrollmentStatus.HELD

    dispute_resolve(
        dispute=dispute, solution="Het bedrag klopt toch.", items_resume=True, actor="test", as_of=day(13)
    )

    dispute.refresh_from_db()
    assert (dispute.status, dispute.items_resume, dispute.resolved_on) == (
        DisputeStatus.RESOLVED,
        True,
        day(13),
    )
    hold.refresh_from_db()
    assert hold.released_on == day(13)
    assert _enrollment(world).status == EnrollmentStatus.ACTIVE
    assert _enrollment(world).events.filter(kind="resumed").exists()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert OutgoingMessage.objects.filter(template_code="geschil-opgelost").count() == 1
    resolved = OutboundEvent.objects.get(type="dispute.resolved")
    assert resolved.payload["items_resume"] is True and resolved.payload["credit_expected"] is False
    assert run_day(corporation=world.corporation, as_of=day(14)).messages_planned == 1  # the flow goes on


def test_resolving_for_the_tenant_waits_for_the_credit_with_a_manual_hold(world):
    dispute = _open(world)

    dispute_resolve(
        dispute=dispute,
        solution="U heeft gelijk; wij crediteren de rekening.",
        items_resume=False,
        actor="test",
        as_of=day(8),
    )

    assert not Hold.objects.filter(kind=HoldKind.DISPUTE, released_on__isnull=True).exists()
    manual = Hold.objects.get(contract=world.contract, kind=HoldKind.MANUAL, released_on__isnull=True)
    assert manual.reason.startswith("Wacht op creditering") and manual.review_on == day(22)
    assert _enrollment(world).status == EnrollmentStatus.HELD
    event = OutboundEvent.objects.get(type="dispute.resolved")
    assert event.payload["credit_expected"] is True and event.payload["items_resume"] is False

    pay(world.contract, Decimal("700.00"), day(10))  # the ERP's credit arrives as an entry
    run_day(corporation=world.corporation, as_of=day(10))
    assert _enrollment(world).status == EnrollmentStatus.CLOSED


def test_rejecting_resumes_at_once_and_tells_the_tenant(world):
    dispute = _open(world)

    dispute_reject(dispute=dispute, solution="De huur is volgens het contract.", actor="test", as_of=day(9))

    dispute.refresh_from_db()
    assert (dispute.status, dispute.items_resume, dispute.resolved_by) == (
        DisputeStatus.REJECTED,
        True,
        "test",
    )
    assert _enrollment(world).status == EnrollmentStatus.ACTIVE
    assert OutgoingMessage.objects.filter(template_code="geschil-afgewezen").count() == 1
    assert OutboundEvent.objects.filter(type="dispute.rejected").count() == 1
    with pytest.raises(ApplicationError, match="al afgehandeld"):
        dispute_reject(dispute=dispute, solution="Nogmaals", actor="test", as_of=day(9))


def test_resolving_after_payment_closes_the_flow(world):
    dispute = _open(world)
    pay(world.contract, Decimal("700.00"), day(7))
    dispute_resolve(dispute=dispute, solution="Betaald.", items_resume=True, actor="test", as_of=day(8))
    assert _enrollment(world).status == EnrollmentStatus.CLOSED


def test_a_category_that_does_not_pause_keeps_the_flow_going(world):
    dispute = _open(world, code="huurverlaging", description="De huur is te hoog voor deze woning.")

    assert dispute.deadline == day(48)
    assert not Hold.objects.filter(contract=world.contract, kind=HoldKind.DISPUTE).exists()
    assert _enrollment(world).status == EnrollmentStatus.ACTIVE
    assert OutgoingMessage.objects.filter(template_code="geschil-ontvangen-zonder-pauze").count() == 1


def test_attachments_are_stored_with_their_checked_type(world, _media):
    files = [
        SimpleUploadedFile("Factuur november.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("foto.png", PNG, content_type="application/octet-stream"),
    ]

    dispute = _open(world, attachments=files, channel="portal", tenant=world.contract.tenants.get())

    stored = list(DisputeAttachment.objects.filter(dispute=dispute).order_by("pk"))
    assert [(a.original_name, a.content_type, a.size) for a in stored] == [
        ("Factuur november.pdf", "application/pdf", len(PDF)),
        ("foto.png", "image/png", len(PNG)),
    ]
    assert stored[0].file.name.startswith("disputes/") and stored[0].file.name.endswith(".pdf")
    assert stored[0].file.read() == PDF
    assert dispute.channel == "portal" and dispute.tenant == world.contract.tenants.get()


def test_assign_and_notes(world):
    dispute = _open(world)
    resolver = UserFactory()
    MembershipFactory(user=resolver, corporation=world.corporation, role=Role.DISPUTE_HANDLER)
    monitor = UserFactory()
    MembershipFactory(user=monitor, corporation=world.corporation)

    dispute_assign(
        dispute=dispute, actor="test", resolver=resolver, resolver_team="Klantcontact", monitor=monitor
    )

    dispute.refresh_from_db()
    assert (dispute.resolver, dispute.resolver_team, dispute.monitor) == (resolver, "Klantcontact", monitor)
    task = Task.objects.get(source_key=f"dispute:{dispute.pk}")
    assert (task.assigned_to, task.team) == (resolver, "Klantcontact")
    assert OutboundEvent.objects.filter(type="dispute.assigned").count() == 1

    note = dispute_note_add(
        dispute=dispute, text="Huurder gebeld, kopie contract opgevraagd.", actor=resolver
    )
    assert note.author == resolver.username
    assert list(DisputeNote.objects.filter(dispute=dispute)) == [note]
    with pytest.raises(ApplicationError, match="Schrijf iets in de notitie"):
        dispute_note_add(dispute=dispute, text="  ", actor=resolver)

    stranger = UserFactory()
    with pytest.raises(ApplicationError, match="werkt niet voor deze corporatie"):
        dispute_assign(dispute=dispute, actor="test", resolver=stranger)
    with pytest.raises(ApplicationError, match="Kies een behandelaar, een team of een bewaker"):
        dispute_assign(dispute=dispute, actor="test")
    assert AuditEntry.objects.filter(action__startswith="dispute.").count() >= 3


def test_an_item_in_an_open_dispute_cannot_be_disputed_twice_but_again_after(world):
    first = _open(world)
    with pytest.raises(ApplicationError, match="al betaald of er loopt al een geschil"):
        _open(world)
    dispute_reject(dispute=first, solution="Klopt.", actor="test", as_of=day(7))
    second = _open(world, as_of=day(8))
    assert second.pk != first.pk
    assert Dispute.objects.filter(status=DisputeStatus.OPEN).count() == 1


def test_items_may_be_given_by_id_and_a_paid_item_cannot_be_disputed(world):
    paid = LedgerEntryFactory(contract=world.contract, booking_date=DAY_5, amount=Decimal("10.00"))
    pay(world.contract, Decimal("710.00"), day(6))
    with pytest.raises(ApplicationError, match="al betaald"):
        _open(world, items=[paid.pk])


def test_an_attachment_added_later_is_checked_and_downloadable(world, _media):
    from vangnet.disputes.selectors import dispute_attachment
    from vangnet.disputes.services import dispute_attachment_add

    dispute = _open(world)
    with pytest.raises(ApplicationError, match="kunnen we niet gebruiken"):
        dispute_attachment_add(dispute=dispute, upload=SimpleUploadedFile("x.png", b"GIF89a...."), actor="t")
    assert not [p for p in _media.rglob("*") if p.is_file()]

    added = dispute_attachment_add(dispute=dispute, upload=SimpleUploadedFile("bon.pdf", PDF), actor="t")

    found = dispute_attachment(pk=added.pk)
    assert (found.dispute, found.original_name, found.content_type) == (dispute, "bon.pdf", "application/pdf")
    assert found.file.open("rb").read() == PDF
    dispute_reject(dispute=dispute, solution="Klopt.", actor="test", as_of=day(9))
    with pytest.raises(ApplicationError, match="al afgehandeld"):
        dispute_attachment_add(dispute=dispute, upload=SimpleUploadedFile("bon.pdf", PDF), actor="t")
