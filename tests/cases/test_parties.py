"""Complaints from people who are not tenants, nuisance with a hidden reporter, and contacts without a case."""

import datetime as dt

import pytest

from tests.cases.conftest import make_world
from vangnet.cases.models import Case, Contact
from vangnet.cases.selectors import portal_cases
from vangnet.cases.services import case_note_add, case_open, case_transition, contact_register
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task


def nuisance(world, as_of, reporter=None, accused=None, address="Lindelaan 12"):
    return case_open(
        case_type=world.case_type("overlast"),
        as_of=as_of,
        actor="portal",
        channel="portal",
        tenant=reporter or world.reporter,
        accused=accused,
        answers={
            "soort": "geluid",
            "adres": address,
            "wat": "Elke nacht harde muziek tot 3 uur. Anna de Vries",
        },
    )


def test_a_complaint_from_someone_who_is_not_a_tenant_goes_to_the_complaints_team(world, business_day):
    case = case_open(
        case_type=world.case_type("klacht"),
        as_of=business_day,
        actor=world.colleague,
        channel="phone",
        party_name="Karin Smit",
        party_phone="06 11223344",
        answers={"onderwerp": "service", "klacht": "Niemand belde terug."},
    )
    assert (case.tenant, case.party_name, case.team, case.subject) == (
        None,
        "Karin Smit",
        "Klachtenteam",
        "Klacht: Onze service",
    )
    assert case.stage_deadline == business_day + dt.timedelta(days=5)
    assert Task.objects.get(source_key=f"case:{case.pk}").description == f"Zaak {case.number} van Karin Smit."


def test_a_repair_is_only_for_tenants(world, business_day):
    with pytest.raises(ApplicationError, match="alleen voor huurders"):
        case_open(
            case_type=world.case_type("reparatie"),
            as_of=business_day,
            actor=world.colleague,
            channel="phone",
            party_name="Karin Smit",
            answers={"omschrijving": "Lekkage"},
            guide="keuken/kraan/lekt",
        )
    assert not Case.objects.exists()


def test_an_unknown_party_is_refused(world, business_day):
    other = make_world("anders", "Anders Wonen")
    with pytest.raises(ApplicationError, match="Deze huurder kennen wij niet"):
        case_open(
            case_type=world.case_type("klacht"),
            as_of=business_day,
            actor=world.colleague,
            channel="phone",
            tenant=other.reporter,
            answers={"onderwerp": "service", "klacht": "x"},
        )
    assert not Case.objects.filter(case_type__corporation=world.corporation).exists()


def test_the_accused_never_sees_or_receives_the_reporter(
    world, business_day, django_capture_on_commit_callbacks
):
    case = nuisance(world, business_day, accused=world.neighbour)
    case_note_add(case=case, text="Melder Anna de Vries belde opnieuw.", actor=world.colleague)
    case_note_add(
        case=case, text="Wij spreken u graag op 10 december.", actor=world.colleague, audience="accused"
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, to="gesprek-betrokkene", as_of=business_day, actor=world.colleague)

    (seen,) = portal_cases(tenant=world.neighbour)
    shown = " ".join([seen.title, seen.status_text, seen.number, *[e.text for e in seen.entries]])
    assert seen.as_accused
    assert "Wij willen met u praten over een melding van overlast" in shown
    assert "Wij spreken u graag op 10 december." in shown
    for secret in ("Anna", "de Vries", "Lindelaan 10", "muziek", "Melder"):
        assert secret not in shown
    sent = OutgoingMessage.objects.filter(tenant=world.neighbour)
    assert [m.template_code for m in sent] == ["overlast-betrokkene"]
    text = f"{sent[0].subject} {sent[0].body_text}"
    assert "Beste J. Bakker" in text
    for secret in ("Anna", "de Vries", "muziek"):
        assert secret not in text
    (own,) = portal_cases(tenant=world.reporter)
    assert not own.as_accused
    assert "Wij praten met de bewoner" in own.status_text


def test_several_reports_about_one_neighbour_are_grouped_under_the_first(world, business_day):
    third = make_world("derde", "Derde").reporter  # another corporation: cannot be the reporter here
    first = nuisance(world, business_day, accused=world.neighbour)
    second = case_open(
        case_type=world.case_type("overlast"),
        as_of=business_day,
        actor=world.colleague,
        channel="phone",
        party_name="Buurman van nummer 14",
        accused=world.neighbour,
        answers={"soort": "geluid", "adres": "Lindelaan 12", "wat": "Ook hier last."},
    )
    assert (first.group, second.group) == (None, first)
    assert third.corporation != world.corporation


def test_a_contact_without_a_case_is_registered_and_sent_to_the_erp(world):
    contact = contact_register(
        corporation=world.corporation,
        channel="phone",
        subject="Vraag over de huurverhoging",
        outcome="answered",
        tenant=world.reporter,
        actor=world.colleague,
    )
    assert Contact.objects.get().subject == "Vraag over de huurverhoging"
    event = OutboundEvent.objects.get(type="contact.registered")
    assert (event.payload["tenant_id"], event.payload["outcome"]) == (world.reporter.source_id, "answered")
    assert contact.handled_by == world.colleague.username


def test_a_contact_with_bad_input_names_every_problem(world):
    with pytest.raises(ApplicationError, match="Kies hoe het contact was") as refused:
        contact_register(
            corporation=world.corporation, channel="fax", subject="", outcome="?", actor=world.colleague
        )
    assert set(refused.value.extra["fields"]) == {"channel", "subject", "outcome", "party_name"}
    assert not Contact.objects.exists()
