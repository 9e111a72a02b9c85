"""A repair's work order: the contractor's e-mail with the PDF, the event for contractors' systems, the slot
the contractor picks in their agenda, the tenant's confirmation or another slot, the report that the work
is done; and every refusal (a taken slot, a tampered link, a second report) changes nothing."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from tests.cases.conftest import JPEG, PDF, make_world
from vangnet.appointments.models import Booking, Resource
from vangnet.appointments.services import booking_make
from vangnet.appointments.slots import moment_text
from vangnet.cases.links import work_order_token, work_order_token_target
from vangnet.cases.models import Audience, Case, CaseEntry, WorkOrder, WorkOrderStatus
from vangnet.cases.orders import free_moments, work_order_by_token
from vangnet.cases.services import (
    case_open,
    case_rate,
    contractor_create,
    work_order_confirm,
    work_order_done,
    work_order_issue,
    work_order_pick,
    work_order_reschedule,
)
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.messaging.models import OutgoingMessage


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MESSAGING_MAILER = "default"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def leaking_tap(world, as_of, photos=()):
    return case_open(
        case_type=world.case_type("reparatie"),
        as_of=as_of,
        actor="portal",
        channel="portal",
        tenant=world.reporter,
        answers={"omschrijving": "Onder de kraan staat steeds een plas water.", "telefoon": "06-12345678"},
        guide="keuken/kraan/lekt",
        photos=photos,
    )


def plumber(world):
    return contractor_create(
        corporation=world.corporation,
        name="Loodgieter Jansen",
        email="planning@jansen.example",
        trades="loodgieter",
        actor=world.colleague,
    )


def later(days: int, hour: int = 9) -> dt.datetime:
    day = clock.today() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_a_work_order_goes_to_the_contractor_with_a_pdf_and_an_event(world, business_day):
    photo = SimpleUploadedFile("kraan.jpg", JPEG, content_type="image/jpeg")
    case = leaking_tap(world, business_day, photos=[photo])
    contractor = plumber(world)

    work_order = work_order_issue(
        case=case,
        contractor=contractor,
        as_of=business_day,
        actor=world.colleague,
        instructions="Sleutel bij de buren.",
    )

    case.refresh_from_db()
    assert case.stage == "opdracht"
    assert work_order.number == f"W{business_day:%y}-{work_order.pk:06d}"
    [email] = mail.outbox
    assert email.to == ["planning@jansen.example"]
    assert email.subject == f"Werkopdracht {work_order.number}: Keuken: De kraan lekt"
    assert "Lindelaan 10" in email.body
    assert "/vakman/" in email.body
    assert "een vrij moment uit uw agenda" in email.body
    assert "de Vries" not in email.body and "Anna" not in email.body
    [(name, content, mimetype)] = email.attachments
    assert (name, mimetype) == (f"werkopdracht-{work_order.number}.pdf", "application/pdf")
    text = pdf_text(content)
    for expected in (
        f"Werkopdracht {work_order.number}",
        case.number,
        "Loodgieter Jansen",
        "Lindelaan 10",
        "Keuken: De kraan lekt",
        "Onder de kraan staat steeds een plas water.",
        "06-12345678",
        "Sleutel bij de buren.",
        "Kies een vrij moment uit uw agenda.",
    ):
        assert expected in text
    assert "Vries" not in text
    event = OutboundEvent.objects.get(type="case.work_order_issued")
    assert event.payload["number"] == case.number
    assert event.payload["work_order"]["number"] == work_order.number
    assert event.payload["work_order"]["contractor_email"] == "planning@jansen.example"
    assert event.payload["work_order"]["phone"] == "06-12345678"
    assert event.payload["work_order"]["link"].startswith("http")
    assert (
        work_order_by_token(event.payload["work_order"]["link"].rstrip("/").rsplit("/", 1)[1]) == work_order
    )


def test_the_contractor_picks_a_slot_the_tenant_confirms_the_contractor_reports_done(world, business_day):
    case = leaking_tap(world, business_day)
    work_order = work_order_issue(
        case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague
    )
    agenda = Resource.objects.get(contractor=work_order.contractor)
    assert (agenda.kind, agenda.windows.count()) == ("contractor", 10)  # weekdays 8-12 and 13-17
    first, second = free_moments(work_order)[:2]

    sent = OutgoingMessage.objects.filter(tenant=world.reporter, template_code="zaak-bijgewerkt").count()
    work_order_pick(work_order=work_order, start=second, as_of=business_day)
    work_order_pick(work_order=work_order, start=first, as_of=business_day)  # changed their mind
    # The tenant is told there is a moment to confirm.
    assert (
        OutgoingMessage.objects.filter(tenant=world.reporter, template_code="zaak-bijgewerkt").count()
        == sent + 2
    )
    work_order.refresh_from_db()
    assert (work_order.status, work_order.appointment) == (WorkOrderStatus.PROPOSED, first)
    # The slot is booked in the contractor's agenda at once; the first pick was given up.
    assert list(Booking.objects.filter(resource=agenda).values_list("start", "status")) == [
        (first, "booked"),
        (second, "cancelled"),
    ]
    assert second in free_moments(work_order)
    assert first not in free_moments(work_order)
    assert CaseEntry.objects.filter(
        case=case, audience=Audience.PARTY, text__contains=f"De vakman stelt {moment_text(first)} voor."
    ).exists()
    proposed = OutboundEvent.objects.filter(type="case.appointment_proposed").last()
    assert proposed.payload["work_order"] == {"number": work_order.number, "appointment": first.isoformat()}

    work_order_confirm(case=case, tenant=world.reporter, as_of=business_day, actor="portal")
    case.refresh_from_db()
    work_order.refresh_from_db()
    assert (case.stage, work_order.status, work_order.appointment) == ("afspraak", "confirmed", first)
    assert mail.outbox[-1].subject.startswith(f"Afspraak voor werkopdracht {work_order.number}")
    assert "De huurder bevestigde de afspraak" in mail.outbox[-1].body
    assert OutboundEvent.objects.filter(type="case.appointment_confirmed").exists()

    photo = SimpleUploadedFile("klaar.jpg", JPEG, content_type="image/jpeg")
    work_order_done(
        work_order=work_order,
        notes="Nieuwe kraan geplaatst.",
        hours="1,5",
        photos=[photo],
        as_of=business_day,
    )
    case.refresh_from_db()
    work_order.refresh_from_db()
    assert (case.stage, work_order.status, str(work_order.hours)) == ("uitgevoerd", "done", "1.50")
    assert CaseEntry.objects.filter(case=case, text__contains="Nieuwe kraan geplaatst.").exists()
    assert OutgoingMessage.objects.filter(tenant=world.reporter, template_code="zaak-bijgewerkt").exists()
    done = OutboundEvent.objects.get(type="case.work_order_done")
    assert done.payload["work_order"] == {
        "number": work_order.number,
        "hours": "1.50",
        "notes": "Nieuwe kraan geplaatst.",
        "photos": 1,
    }
    # The one satisfaction question is open now.
    assert case_rate(case=case, score=5, actor="portal").satisfaction == 5


def test_the_tenant_moves_the_appointment_to_another_free_slot(world, business_day):
    case = leaking_tap(world, business_day)
    work_order = work_order_issue(
        case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague
    )
    first, second, third = free_moments(work_order)[:3]
    work_order_pick(work_order=work_order, start=first, as_of=business_day)

    # Choosing another moment before confirming is confirming that one.
    work_order_reschedule(case=case, tenant=world.reporter, start=second, as_of=business_day, actor="portal")
    case.refresh_from_db()
    work_order.refresh_from_db()
    assert (case.stage, work_order.status, work_order.appointment) == ("afspraak", "confirmed", second)
    work_order_reschedule(case=case, tenant=world.reporter, start=third, as_of=business_day, actor="portal")
    work_order.refresh_from_db()
    assert work_order.appointment == third
    assert work_order.booking.start == third
    assert work_order.booking.replaces.start == second
    moved = OutboundEvent.objects.filter(type="case.appointment_rescheduled").last()
    assert moved.payload["work_order"] == {
        "number": work_order.number,
        "appointment": third.isoformat(),
        "previous": second.isoformat(),
        "was_confirmed": True,
    }
    assert "De huurder verzette de afspraak" in mail.outbox[-1].body
    assert moment_text(third) in mail.outbox[-1].body
    assert CaseEntry.objects.filter(
        case=case, audience=Audience.PARTY, text=f"Afspraak verzet naar {moment_text(third)}."
    ).exists()
    assert Booking.objects.filter(status="booked").count() == 1


def test_a_taken_or_unknown_slot_is_refused_and_changes_nothing(world, business_day):
    case = leaking_tap(world, business_day)
    work_order = work_order_issue(
        case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague
    )
    first, second = free_moments(work_order)[:2]
    agenda = Resource.objects.get(contractor=work_order.contractor)
    booking_make(resource=agenda, start=second, purpose="Andere klus", actor="test")

    with pytest.raises(ApplicationError, match="net door iemand anders gekozen"):
        work_order_pick(work_order=work_order, start=second, as_of=business_day)
    with pytest.raises(ApplicationError, match="Dit is geen vrij moment in de agenda"):
        work_order_pick(work_order=work_order, start=first + dt.timedelta(minutes=30), as_of=business_day)
    with pytest.raises(ApplicationError, match="Dit is geen vrij moment in de agenda"):
        work_order_pick(work_order=work_order, start=later(-1), as_of=business_day)
    with pytest.raises(ApplicationError, match="Kies een moment uit uw agenda"):
        work_order_pick(work_order=work_order, start=None, as_of=business_day)
    work_order.refresh_from_db()
    assert (work_order.status, work_order.booking, work_order.appointment) == ("issued", None, None)
    assert not OutboundEvent.objects.filter(type="case.appointment_proposed").exists()

    work_order_pick(work_order=work_order, start=first, as_of=business_day)
    with pytest.raises(ApplicationError, match="net door iemand anders gekozen"):
        work_order_reschedule(
            case=case, tenant=world.reporter, start=second, as_of=business_day, actor="portal"
        )
    with pytest.raises(ApplicationError, match="Dit is al uw afspraak"):
        work_order_reschedule(
            case=case, tenant=world.reporter, start=first, as_of=business_day, actor="portal"
        )
    with pytest.raises(ApplicationError, match="geen afspraak om te verzetten"):
        work_order_reschedule(
            case=case,
            tenant=world.neighbour,
            start=free_moments(work_order)[0],
            as_of=business_day,
            actor="p",
        )
    case.refresh_from_db()
    work_order.refresh_from_db()
    assert (case.stage, work_order.status, work_order.appointment) == ("opdracht", "proposed", first)
    assert Booking.objects.filter(resource=agenda, status="booked").count() == 2
    assert not OutboundEvent.objects.filter(type="case.appointment_rescheduled").exists()


def test_the_tenant_can_only_confirm_a_picked_slot_of_their_own_case(world, business_day):
    case = leaking_tap(world, business_day)
    work_order = work_order_issue(
        case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague
    )
    with pytest.raises(ApplicationError, match="nog geen moment om te bevestigen"):
        work_order_confirm(case=case, tenant=world.reporter, as_of=business_day, actor="portal")
    slot = free_moments(work_order)[0]
    work_order_pick(work_order=work_order, start=slot, as_of=business_day)
    with pytest.raises(ApplicationError, match="nog geen moment om te bevestigen"):
        work_order_confirm(case=case, tenant=world.neighbour, as_of=business_day, actor="portal")

    # A slot that has passed in the meantime is not confirmed: the tenant picks another.
    with (
        clock.moved_to(slot.date() + dt.timedelta(days=1)),
        pytest.raises(ApplicationError, match="Dit moment is al voorbij"),
    ):
        work_order_confirm(case=case, tenant=world.reporter, as_of=clock.today(), actor="portal")

    case.refresh_from_db()
    work_order.refresh_from_db()
    assert (case.stage, work_order.status, work_order.appointment) == ("opdracht", "proposed", slot)


def test_done_before_an_appointment_or_with_bad_hours_is_refused(world, business_day, _media):
    case = leaking_tap(world, business_day)
    work_order = work_order_issue(
        case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague
    )
    with pytest.raises(ApplicationError, match="nadat de huurder een afspraak heeft bevestigd"):
        work_order_done(work_order=work_order, notes="Klaar.", hours="1", as_of=business_day)
    work_order_pick(work_order=work_order, start=free_moments(work_order)[0], as_of=business_day)
    work_order_confirm(case=case, tenant=world.reporter, as_of=business_day, actor="portal")
    work_order.refresh_from_db()

    for hours in ("", "nul", "0", "-2", "150"):
        with pytest.raises(ApplicationError, match="aantal uren"):
            work_order_done(work_order=work_order, notes="Klaar.", hours=hours, as_of=business_day)
    with pytest.raises(ApplicationError, match="Schrijf op wat u heeft gedaan"):
        work_order_done(work_order=work_order, notes="  ", hours="1", as_of=business_day)
    document = SimpleUploadedFile("bon.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ApplicationError, match="is geen foto"):
        work_order_done(
            work_order=work_order, notes="Klaar.", hours="1", photos=[document], as_of=business_day
        )

    case.refresh_from_db()
    work_order.refresh_from_db()
    assert (case.stage, work_order.status, work_order.hours) == ("afspraak", "confirmed", None)
    assert not [path for path in _media.rglob("*") if path.is_file()] if _media.exists() else True


def test_a_tampered_or_foreign_link_names_no_work_order(world, business_day):
    case = leaking_tap(world, business_day)
    work_order = work_order_issue(
        case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague
    )
    token = work_order_token(corporation_id=world.corporation.pk, work_order_id=work_order.pk)
    assert work_order_by_token(token) == work_order

    forged = token.replace(
        f"{world.corporation.pk}.{work_order.pk}", f"{world.corporation.pk}.{work_order.pk + 1}"
    )
    assert work_order_token_target(forged) is None
    assert work_order_by_token(token[:-2] + ("aa" if not token.endswith("aa") else "bb")) is None
    assert work_order_by_token("") is None
    other = work_order_token(corporation_id=world.corporation.pk + 1, work_order_id=work_order.pk)
    assert work_order_by_token(other) is None


def test_a_work_order_only_for_a_repair_with_a_contractor_of_the_same_corporation(world, business_day):
    case = leaking_tap(world, business_day)
    stranger = plumber(make_world("elders", "Elders"))
    with pytest.raises(ApplicationError, match="Kies een vakman uit de lijst"):
        work_order_issue(case=case, contractor=stranger, as_of=business_day, actor=world.colleague)
    with pytest.raises(ApplicationError, match="Kies een vakman uit de lijst"):
        work_order_issue(case=case, contractor=None, as_of=business_day, actor=world.colleague)
    contractor = plumber(world)
    question = case_open(
        case_type=world.case_type("vraag"),
        as_of=business_day,
        actor=world.colleague,
        channel="phone",
        tenant=world.reporter,
        answers={"vraag": "Wanneer wordt de huur verhoogd?"},
    )
    with pytest.raises(ApplicationError, match="Alleen een reparatie"):
        work_order_issue(case=question, contractor=contractor, as_of=business_day, actor=world.colleague)
    assert not mail.outbox
    assert Case.objects.get(pk=case.pk).stage == "gemeld"

    work_order_issue(case=case, contractor=contractor, as_of=business_day, actor=world.colleague)
    with pytest.raises(ApplicationError, match="al een lopende werkopdracht"):
        work_order_issue(case=case, contractor=contractor, as_of=business_day, actor=world.colleague)
    assert WorkOrder.objects.filter(case=case).count() == 1
    assert len(mail.outbox) == 1


def test_contractor_bad_input_is_named(world):
    with pytest.raises(ApplicationError, match="Vul de naam van de vakman") as refused:
        contractor_create(corporation=world.corporation, name="", email="geen-adres", actor=world.colleague)
    assert refused.value.extra["fields"] == {
        "name": "Vul de naam van de vakman of het bedrijf in.",
        "email": "Vul een geldig e-mailadres in, bijvoorbeeld planning@bedrijf.nl.",
    }
    plumber(world)
    with pytest.raises(ApplicationError, match="al een vakman met deze naam"):
        plumber(world)


def test_a_mail_that_cannot_be_sent_asks_to_call_the_contractor_in_plain_words(world, business_day, settings):
    # A mailer that cannot reach its server (nothing listens on port 9 of this machine).
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    case = leaking_tap(world, business_day)
    work_order = work_order_issue(
        case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague
    )
    work_order_pick(work_order=work_order, start=free_moments(work_order)[0], as_of=business_day)
    work_order_confirm(case=case, tenant=world.reporter, as_of=business_day, actor="portal")

    notes = list(
        CaseEntry.objects.filter(case=case, audience=Audience.INTERNAL, author="system").values_list(
            "text", flat=True
        )
    )
    assert notes == [
        "De e-mail met de werkopdracht is niet verstuurd. Bel de vakman.",
        "De vakman kreeg de afspraak niet per e-mail. Bel de vakman.",
    ]
    work_order.refresh_from_db()
    assert work_order.status == "confirmed"
