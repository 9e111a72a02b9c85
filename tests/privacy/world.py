"""A corporation with data of every kind the retention policy covers: one row past its period and one
within it (or still running) per kind, files on disk for letters and attachments, and departed tenants."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile

from tests.flows.builders import DEFAULT_STEPS
from tests.privacy.world_archive import campaigns_pay_links_and_exports
from tests.world import World, build_world, owing, standing_computed
from vangnet.arrangements.models import Arrangement, ArrangementStatus, BudgetCheck
from vangnet.cases.models import Contact
from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.models import AuditEntry
from vangnet.disputes.models import Dispute, DisputeAttachment, DisputeCategory, DisputeStatus
from vangnet.earlysignal.models import ContactAttempt
from vangnet.flows.models import Enrollment, EnrollmentStatus, FlowStep, StepOutcome, StepRun
from vangnet.ledger.models import Contract
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.outbox import manual_batch_get
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus
from vangnet.tenants.models import (
    Circumstance,
    CircumstanceKind,
    CircumstanceSource,
    PortalVisit,
    Tenant,
    TenantDocument,
    TenantNote,
)

YEARS_8 = dt.timedelta(days=8 * 365)
YEARS_3 = dt.timedelta(days=3 * 365)
YEAR_1 = dt.timedelta(days=365)
MONTH_1 = dt.timedelta(days=30)


@dataclass
class Retained:
    world: World
    letter_dir: Path
    old: dict[str, object] = field(default_factory=dict)
    kept: dict[str, object] = field(default_factory=dict)
    files_gone: list[Path] = field(default_factory=list)
    files_kept: list[Path] = field(default_factory=list)


def _back(model, pk: int, **fields) -> None:
    model.objects.filter(pk=pk).update(**fields)


def _dossier(world: World, contract: Contract, *, closed_on: dt.date | None) -> Enrollment:
    step = FlowStep.objects.filter(version__flow=world.flow).order_by("position").first()
    assert step is not None
    day = (closed_on or clock.today()) - MONTH_1
    enrollment = Enrollment.objects.create(
        corporation=world.corporation,
        contract=contract,
        flow=world.flow,
        version=step.version,
        status=EnrollmentStatus.CLOSED if closed_on else EnrollmentStatus.ACTIVE,
        started_on=day,
        oldest_due_on=day,
        anchor_date=day,
        entry_amount=Decimal("700.00"),
        closed_on=closed_on,
    )
    StepRun.objects.create(
        corporation=world.corporation,
        enrollment=enrollment,
        step=step,
        run_on=day,
        outcome=StepOutcome.DONE,
        reason="test",
    )
    return enrollment


def _letter(
    retained: Retained, tenant: Tenant, *, enrollment: Enrollment | None, at: dt.datetime
) -> OutgoingMessage:
    world = retained.world
    message = OutgoingMessage.objects.create(
        corporation=world.corporation,
        batch=manual_batch_get(corporation=world.corporation, day=at.date()),
        step_run=enrollment.step_runs.first() if enrollment else None,
        enrollment=enrollment,
        tenant=tenant,
        channel="letter",
        recipient="tenant",
        recipient_name=tenant.display_name,
        template_code="herinnering",
        status=MessageStatus.SENT,
        body_text="Wij missen uw huur.",
        sent_at=at,
    )
    path = retained.letter_dir / str(world.corporation.pk) / f"{message.code}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7 letter")
    _back(OutgoingMessage, message.pk, created_at=at, pdf_path=str(path))
    message.pdf_path = str(path)
    return message


def _attachment(world: World, dispute: Dispute, name: str) -> DisputeAttachment:
    attachment = DisputeAttachment(
        corporation=world.corporation,
        dispute=dispute,
        original_name=name,
        content_type="application/pdf",
        size=4,
    )
    attachment.file.save(name, ContentFile(b"%PDF"), save=False)
    attachment.save()
    return attachment


def _dispute(world: World, *, resolved_on: dt.date | None, name: str) -> DisputeAttachment:
    dispute = Dispute.objects.create(
        corporation=world.corporation,
        contract=world.contract,
        category=DisputeCategory.objects.filter(corporation=world.corporation).first(),
        description="De servicekosten kloppen niet",
        opened_on=(resolved_on or clock.today()) - MONTH_1,
        deadline=clock.today(),
        status=DisputeStatus.RESOLVED if resolved_on else DisputeStatus.OPEN,
        resolved_on=resolved_on,
    )
    return _attachment(world, dispute, name)


def _departed(world: World, *, ended: dt.date, owes: Decimal | None, name: str) -> Tenant:
    household = world.add_household(
        tenant={"first_name": name, "birth_date": dt.date(1970, 5, 1), "email": f"{name.lower()}@example.nl"},
        end_date=ended,
        debit_iban="NL91ABNA0417164300",
        mandate_id=f"M-{name}",
    )
    if owes:
        owing(household.contract, owes)
    else:
        standing_computed(household.contract)
    TenantNote.objects.create(
        corporation=world.corporation, tenant=household.tenant, text="Belt liever na vijf", author="Kim"
    )
    document = TenantDocument(
        corporation=world.corporation,
        tenant=household.tenant,
        title="Brief bewindvoerder",
        original_name="bewind.pdf",
        content_type="application/pdf",
        size=4,
        uploaded_by="Kim",
    )
    document.file.save("bewind.pdf", ContentFile(b"%PDF"), save=False)
    document.save()
    return household.tenant


def retained_world(letter_dir: Path, media_root: Path) -> Retained:
    """One corporation (Woonstad) with an old and a kept row of every kind."""
    world = build_world("Woonstad", "woonstad", flow=DEFAULT_STEPS, disputes=True, tenants=1)
    retained = Retained(world, letter_dir)
    now, today = clock.now(), clock.today()
    tenant = world.tenant
    corporation = world.corporation

    old_dossier = _dossier(world, world.contract, closed_on=today - YEARS_8)
    recent_dossier = _dossier(world, world.contract, closed_on=today - YEAR_1)
    open_dossier = _dossier(world, world.contract, closed_on=None)
    retained.old["dossier"] = old_dossier
    retained.kept["recent dossier"] = recent_dossier
    retained.kept["open dossier"] = open_dossier
    retained.old["dossier letter"] = _letter(
        retained, tenant, enrollment=old_dossier, at=now - YEARS_8 - YEAR_1
    )
    retained.kept["recent dossier letter"] = _letter(
        retained, tenant, enrollment=recent_dossier, at=now - YEARS_3
    )
    # An open dossier keeps its letters, however old.
    retained.kept["open dossier letter"] = _letter(
        retained, tenant, enrollment=open_dossier, at=now - YEARS_8
    )
    retained.old["notice"] = _letter(retained, tenant, enrollment=None, at=now - YEARS_8)
    retained.kept["recent notice"] = _letter(retained, tenant, enrollment=None, at=now - YEARS_3)
    for key, message in {**retained.old, **retained.kept}.items():
        if isinstance(message, OutgoingMessage):
            (retained.files_gone if key in retained.old else retained.files_kept).append(
                Path(message.pdf_path)
            )

    for label, day in (("old", today - YEARS_3), ("kept", today - MONTH_1)):
        target = retained.old if label == "old" else retained.kept
        target["contact attempt"] = ContactAttempt.objects.create(
            corporation=corporation,
            tenant=tenant,
            method="phone",
            happened_on=day,
            note="Niet opgenomen",
            author="Kim",
        )
        call = Task.objects.create(
            corporation=corporation,
            kind=TaskKind.CALL,
            title="Bellen",
            tenant=tenant,
            contract=world.contract,
            due_on=day,
            status=TaskStatus.DONE,
            source=TaskSource.FLOW,
            outcome="Bereikt: betaalt vrijdag",
        )
        _back(Task, call.pk, created_at=now - (today - day), completed_at=now - (today - day))
        target["call note"] = call
        target["contact"] = Contact.objects.create(
            corporation=corporation,
            tenant=tenant,
            channel="phone",
            subject="Vraag over huur",
            outcome="answered",
            notes="Belde over de huurverhoging",
            handled_by="Kim",
            at=now - (today - day),
        )
    # An open dispute's upload stays, and so does one resolved a month ago.
    old_upload = _dispute(world, resolved_on=today - YEAR_1 - MONTH_1, name="oud.pdf")
    retained.old["dispute upload"] = old_upload
    retained.kept["recent dispute upload"] = _dispute(world, resolved_on=today - MONTH_1, name="recent.pdf")
    retained.kept["open dispute upload"] = _dispute(world, resolved_on=None, name="open.pdf")
    for key in ("dispute upload", "recent dispute upload", "open dispute upload"):
        upload = retained.old.get(key) or retained.kept[key]
        assert isinstance(upload, DisputeAttachment)
        (retained.files_gone if key in retained.old else retained.files_kept).append(
            media_root / upload.file.name
        )

    kind = CircumstanceKind.objects.create(corporation=corporation, code="ontslag", name="Baan kwijt")
    for key, ends_on in (("old", today - YEARS_3), ("kept", today - YEAR_1), ("running", None)):
        circumstance = Circumstance.objects.create(
            corporation=corporation,
            tenant=tenant,
            kind=kind,
            starts_on=today - YEARS_8,
            ends_on=ends_on,
            source=CircumstanceSource.STAFF,
        )
        (retained.old if key == "old" else retained.kept)[f"circumstance {key}"] = circumstance

    # A budget check follows its arrangement: gone two years after it ended, kept while it runs.
    for key, status, ended in (
        ("budget check old", ArrangementStatus.COMPLETED, today - YEARS_3),
        ("budget check kept", ArrangementStatus.BROKEN, today - YEAR_1),
        ("budget check running", ArrangementStatus.ACTIVE, None),
    ):
        arrangement = Arrangement.objects.create(
            corporation=corporation,
            contract=world.contract,
            status=status,
            agreed_on=today - YEARS_8,
            start_date=today - YEARS_8,
            total_amount=Decimal("600.00"),
            completed_on=ended if status == ArrangementStatus.COMPLETED else None,
            broken_on=ended if status == ArrangementStatus.BROKEN else None,
        )
        check = BudgetCheck.objects.create(
            corporation=corporation,
            arrangement=arrangement,
            household="single",
            income=Decimal("1500.00"),
            allowance=Decimal("800.00"),
            affordable=Decimal("100.00"),
            channel="portal",
            entered_on=today - YEARS_8,
        )
        (retained.old if key.endswith("old") else retained.kept)[key] = check

    retained.old["portal log"] = _logged(corporation, "portal.opened", now - dt.timedelta(days=200))
    retained.kept["portal log"] = _logged(corporation, "portal.opened", now - MONTH_1)
    retained.kept["colleague's view"] = _logged(corporation, "tenant.viewed", now - YEARS_8)

    retained.old["departed tenant"] = _departed(world, ended=today - YEARS_8, owes=None, name="Vertrokken")
    retained.kept["departed owing"] = _departed(
        world, ended=today - YEARS_8, owes=Decimal("250.00"), name="Schuld"
    )
    retained.kept["departed recently"] = _departed(world, ended=today - YEARS_3, owes=None, name="Onlangs")
    departed = retained.old["departed tenant"]
    PortalVisit.objects.create(corporation=corporation, tenant=departed, day=today - YEARS_8)
    document = TenantDocument.objects.get(tenant=departed)
    retained.files_gone.append(media_root / document.file.name)
    campaigns_pay_links_and_exports(retained.world, old=retained.old, kept=retained.kept)
    return retained


def _logged(corporation, action: str, at: dt.datetime) -> AuditEntry:
    entry = log_action(corporation=corporation, actor="portal", action=action, data={})
    _back(AuditEntry, entry.pk, created_at=at)
    return entry
