"""A colleague cancels a running work order by hand or gives it to another contractor: the old link stops
showing the work, the old contractor and the tenant are told, the timeline and the ERP's events say what
happened; a refusal changes nothing."""

import pytest
from django.core import mail
from django.test import Client

from tests.cases.test_work_orders import leaking_tap, plumber
from vangnet.cases.links import work_order_token
from vangnet.cases.models import Audience, CaseEntry, WorkOrder, WorkOrderStatus
from vangnet.cases.orders import free_moments
from vangnet.cases.services import (
    contractor_create,
    work_order_cancel,
    work_order_confirm,
    work_order_issue,
    work_order_pick,
)
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.messaging.models import OutgoingMessage


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MESSAGING_MAILER = "default"


def electrician(world):
    return contractor_create(
        corporation=world.corporation,
        name="Installatiebedrijf Smit",
        email="werk@smit.example",
        trades="loodgieter, cv",
        actor=world.colleague,
    )


def appointment(world, as_of):
    case = leaking_tap(world, as_of)
    work_order = work_order_issue(case=case, contractor=plumber(world), as_of=as_of, actor=world.colleague)
    work_order_pick(work_order=work_order, start=free_moments(work_order)[0], as_of=as_of)
    work_order_confirm(case=case, tenant=world.reporter, as_of=as_of, actor="portal")
    case.refresh_from_db()
    work_order.refresh_from_db()
    return case, work_order


def test_a_confirmed_order_moves_to_another_contractor(world, business_day):
    case, old = appointment(world, business_day)
    assert case.stage == "afspraak"
    told = OutgoingMessage.objects.filter(tenant=world.reporter, template_code="zaak-bijgewerkt").count()
    mail.outbox.clear()

    new = work_order_cancel(
        work_order=old,
        reason="Jansen is ziek.",
        contractor=electrician(world),
        as_of=business_day,
        actor=world.colleague,
    )

    old.refresh_from_db()
    case.refresh_from_db()
    assert new is not None and new.contractor.name == "Installatiebedrijf Smit"
    # The old contractor's slot is free again in their agenda.
    assert old.booking.status == "cancelled"
    assert old.appointment in free_moments(old)
    assert (old.status, new.status, case.stage) == (
        WorkOrderStatus.CANCELLED,
        WorkOrderStatus.ISSUED,
        "opdracht",
    )
    # The old contractor is told, without the address or the tenant; the new one gets the order.
    issued, cancelled = mail.outbox
    assert (cancelled.to, cancelled.subject) == (
        ["planning@jansen.example"],
        f"Werkopdracht {old.number} vervalt",
    )
    for secret in ("Lindelaan", "Anna", "06-12345678", "ziek"):
        assert secret not in cancelled.body
    assert issued.to == ["werk@smit.example"] and "Lindelaan 10" in issued.body
    # The old link shows only that the work no longer goes ahead.
    page = Client().get(
        f"/vakman/{work_order_token(corporation_id=old.corporation_id, work_order_id=old.pk)}/"
    )
    text = page.content.decode()
    assert "Deze opdracht gaat niet meer door." in text
    assert "Lindelaan" not in text and "06-12345678" not in text
    # The tenant reads it on their timeline and gets the case's news message.
    assert CaseEntry.objects.filter(
        case=case,
        audience=Audience.PARTY,
        text="De reparatie gaat naar een andere vakman. Die neemt contact met u op.",
    ).exists()
    assert (
        OutgoingMessage.objects.filter(tenant=world.reporter, template_code="zaak-bijgewerkt").count() > told
    )
    internal = CaseEntry.objects.get(case=case, audience=Audience.INTERNAL, text__contains="vervalt")
    assert "Jansen is ziek." in internal.text
    event = OutboundEvent.objects.get(type="case.work_order_cancelled")
    assert event.payload["work_order"] == {
        "number": old.number,
        "contractor": "Loodgieter Jansen",
        "reason": "Jansen is ziek.",
        "moved_to": "Installatiebedrijf Smit",
    }
    assert OutboundEvent.objects.filter(type="case.work_order_issued").count() == 2


def test_cancelling_only_and_the_refusals_change_nothing(world, business_day):
    case = leaking_tap(world, business_day)
    work_order = work_order_issue(
        case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague
    )
    for kwargs, message in (
        ({"reason": ""}, "Schrijf waarom de werkopdracht vervalt."),
        (
            {"reason": "x", "contractor": work_order.contractor},
            "Kies een andere vakman dan Loodgieter Jansen.",
        ),
    ):
        with pytest.raises(ApplicationError, match=message):
            work_order_cancel(work_order=work_order, as_of=business_day, actor=world.colleague, **kwargs)
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.ISSUED
    assert not OutboundEvent.objects.filter(type="case.work_order_cancelled").exists()

    assert (
        work_order_cancel(
            work_order=work_order,
            reason="Huurder lost het zelf op.",
            as_of=business_day,
            actor=world.colleague,
        )
        is None
    )
    work_order.refresh_from_db()
    case.refresh_from_db()
    assert (work_order.status, case.stage) == (WorkOrderStatus.CANCELLED, "opdracht")
    assert CaseEntry.objects.filter(
        case=case, audience=Audience.PARTY, text__startswith="De vakman komt niet."
    ).exists()
    with pytest.raises(ApplicationError, match="Deze werkopdracht loopt niet meer"):
        work_order_cancel(work_order=work_order, reason="nog eens", as_of=business_day, actor=world.colleague)


def test_the_colleague_moves_the_order_on_the_case_page(world, business_day):
    case, old = appointment(world, business_day)
    smit = electrician(world)
    staff = Client()
    staff.force_login(world.colleague)
    page = staff.get(f"/zaken/{case.pk}/").content.decode()
    assert f"Werkopdracht {old.number} laten vervallen" in page
    assert "Installatiebedrijf Smit" in page

    refused = staff.post(f"/zaken/{case.pk}/vervallen/", {"reden": "", "vakman": smit.pk}, follow=True)
    assert "Schrijf waarom de werkopdracht vervalt." in refused.content.decode()
    assert WorkOrder.objects.filter(case=case).count() == 1

    done = staff.post(
        f"/zaken/{case.pk}/vervallen/", {"reden": "Jansen is ziek.", "vakman": smit.pk}, follow=True
    )
    text = done.content.decode()
    new = WorkOrder.objects.get(case=case, contractor=smit)
    assert f"Werkopdracht {old.number} vervalt; {new.number} is gemaild naar Installatiebedrijf Smit." in text
    assert "Vervallen" in text
