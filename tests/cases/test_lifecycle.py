"""A case from opening to closing: what the tenant is sent, what the colleague gets, what the ERP hears."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.cases.conftest import JPEG, PDF
from vangnet.cases.models import Audience, Case, CaseEntry, EntryKind
from vangnet.cases.services import case_open, case_rate, case_transition, case_type_update, cases_escalate
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskStatus


def repair(world, as_of, guide="keuken/kraan/lekt", photos=()):
    return case_open(
        case_type=world.case_type("reparatie"),
        as_of=as_of,
        actor="portal",
        channel="portal",
        tenant=world.reporter,
        answers={"omschrijving": "Onder de kraan staat steeds een plas water."},
        guide=guide,
        photos=photos,
    )


def test_a_leaking_tap_is_the_corporations_and_runs_to_a_rating(world, business_day):
    photo = SimpleUploadedFile("kraan.jpg", JPEG, content_type="image/jpeg")
    case = repair(world, business_day, photos=[photo])

    assert case.number == f"Z{business_day:%y}-{case.pk:06d}"
    assert (case.subject, case.responsible, case.urgency) == (
        "Keuken: De kraan lekt",
        "corporation",
        "normal",
    )
    assert case.team == "Onderhoud"
    assert case.stage_deadline == business_day + dt.timedelta(days=15)
    task = Task.objects.get(source_key=f"case:{case.pk}")
    assert (task.kind, task.team, task.due_on) == (TaskKind.CASE, "Onderhoud", case.stage_deadline)
    message = OutgoingMessage.objects.get(tenant=world.reporter)
    assert message.template_code == "zaak-ontvangen"
    assert CaseEntry.objects.filter(case=case, kind=EntryKind.PHOTO, audience=Audience.PARTY).count() == 1
    assert OutboundEvent.objects.filter(type="case.opened", payload__number=case.number).exists()

    for stage in ("opdracht", "afspraak", "uitgevoerd"):
        case = case_transition(case=case, to=stage, as_of=business_day, actor=world.colleague)
    case = case_rate(case=case, score=4, actor="portal")
    case = case_transition(case=case, to="afgesloten", as_of=business_day, actor=world.colleague)

    assert (case.closed, case.closed_on, case.satisfaction) == (True, business_day, 4)
    task.refresh_from_db()
    assert (task.status, task.outcome) == (TaskStatus.DONE, "Afgesloten")
    assert list(
        OutboundEvent.objects.filter(type="case.stage_changed").values_list("payload__stage", flat=True)
    ) == ["opdracht", "afspraak", "uitgevoerd", "afgesloten"]


def test_a_dripping_tap_is_the_tenants_own_small_repair_and_opens_nothing(world, business_day):
    with pytest.raises(ApplicationError, match="Deze reparatie doet u zelf"):
        repair(world, business_day, guide="keuken/kraan/druppelt")
    assert not Case.objects.exists()


def test_with_the_service_subscription_the_corporation_does_the_small_repair(world, business_day):
    case = case_open(
        case_type=world.case_type("reparatie"),
        as_of=business_day,
        actor="portal",
        channel="portal",
        tenant=world.reporter,
        answers={"omschrijving": "Het leertje is op."},
        guide="keuken/kraan/druppelt",
        subscription=True,
    )
    assert case.responsible == "corporation"


def test_an_emergency_makes_an_urgent_task_and_a_one_day_term(world, business_day):
    case = repair(world, business_day, guide="installaties/cv/gaslucht")
    assert case.urgency == "emergency"
    assert case.stage_deadline == business_day + dt.timedelta(days=1)
    urgent = Task.objects.get(source_key=f"case-urgent:{case.pk}")
    assert (urgent.priority, urgent.due_on, urgent.title) == (
        TaskPriority.URGENT,
        business_day,
        "Spoedreparatie: Ik ruik gas",
    )


def test_a_pdf_is_not_a_photo_and_nothing_is_kept(world, business_day, _media):
    upload = SimpleUploadedFile("kraan.jpg", PDF, content_type="image/jpeg")
    with pytest.raises(ApplicationError, match=r"kraan\.jpg kunnen we niet gebruiken"):
        repair(world, business_day, photos=[upload])
    assert not Case.objects.exists()
    assert not Task.objects.exists()
    assert [p for p in _media.rglob("*") if p.is_file()] == []


def test_a_transition_the_stage_does_not_allow_is_refused_and_changes_nothing(world, business_day):
    case = repair(world, business_day)
    with pytest.raises(ApplicationError, match="kan de zaak alleen naar: Opdracht bij vakman, Geannuleerd"):
        case_transition(case=case, to="afgesloten", as_of=business_day, actor=world.colleague)
    case.refresh_from_db()
    assert case.stage == "gemeld"
    assert not OutboundEvent.objects.filter(type="case.stage_changed").exists()


def test_answers_that_do_not_validate_are_named_per_field(world, business_day):
    with pytest.raises(ApplicationError, match="Vul dit in: Wat is er kapot") as refused:
        case_open(
            case_type=world.case_type("reparatie"),
            as_of=business_day,
            actor="portal",
            channel="portal",
            tenant=world.reporter,
            answers={"telefoon": "bel me", "kleur": "rood"},
            guide="keuken/kraan/lekt",
        )
    assert set(refused.value.extra["fields"]) == {"omschrijving", "telefoon", "kleur"}
    assert not Case.objects.exists()


def test_a_late_stage_gets_one_escalation_task_however_often_the_night_runs(world, business_day):
    case = repair(world, business_day - dt.timedelta(days=20))
    assert cases_escalate(corporation=world.corporation, as_of=business_day) == 1
    assert cases_escalate(corporation=world.corporation, as_of=business_day) == 0
    late = Task.objects.get(kind=TaskKind.CASE_OVERDUE)
    assert (late.source_key, late.priority, late.team) == (
        f"case-late:{case.pk}:gemeld",
        TaskPriority.HIGH,
        "Onderhoud",
    )
    assert late.title.startswith(f"Over termijn: {case.number}")


def test_removing_a_stage_that_open_cases_are_in_is_refused_with_the_stages_name(world, business_day):
    case = repair(world, business_day)
    case_type = case.case_type
    stage = case_type.stage(case.stage)
    others = [s for s in case_type.stages if s["code"] != case.stage]
    with pytest.raises(ApplicationError, match="Open zaken staan nog in fase") as refused:
        case_type_update(case_type=case_type, actor="test", stages=others)
    text = " ".join([refused.value.message, *map(str, refused.value.extra.get("problems", []))])
    assert f"Open zaken staan nog in fase {stage['name']}." in text
