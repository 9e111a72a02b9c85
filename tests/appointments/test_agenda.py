"""The one availability model: slots on the resource's grid, double booking refused by the database itself,
and a reschedule that keeps the old slot when the new one is gone."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests.factories import CorporationFactory
from vangnet.appointments.models import Booking, BookingStatus, ResourceKind
from vangnet.appointments.selectors import resource_slots
from vangnet.appointments.services import (
    availability_add,
    booking_make,
    booking_reschedule,
    resource_create,
)
from vangnet.appointments.slots import AMSTERDAM, Window, day_slots
from vangnet.core import clock
from vangnet.core.errors import ApplicationError

MONDAY = dt.date(2026, 12, 7)


def test_slots_lie_on_the_grid_inside_the_window_and_skip_holidays():
    windows = [Window(0, dt.time(9), dt.time(11, 30)), Window(4, dt.time(13), dt.time(14))]
    assert [s.strftime("%H:%M") for s in day_slots(windows, MONDAY, 60)] == ["09:00", "10:00"]
    assert [s.strftime("%H:%M") for s in day_slots(windows, MONDAY, 30)] == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
    ]
    assert day_slots(windows, MONDAY + dt.timedelta(days=1), 60) == []
    assert day_slots([Window(4, dt.time(9), dt.time(12))], dt.date(2026, 12, 25), 60) == []  # Christmas


@pytest.fixture
def agenda(db):
    corporation = CorporationFactory()
    resource = resource_create(
        corporation=corporation, name="Opzichter", kind=ResourceKind.INSPECTOR, actor="t"
    )
    availability_add(resource=resource, weekday=0, start=dt.time(9), end=dt.time(12), actor="t")
    return resource


def test_a_window_off_the_grid_is_refused(agenda):
    with pytest.raises(ApplicationError, match="heel tijdvak van 60 minuten"):
        availability_add(resource=agenda, weekday=1, start=dt.time(9, 30), end=dt.time(12), actor="t")


def test_the_database_refuses_a_second_booking_of_one_slot(agenda):
    start = dt.datetime(2026, 12, 7, 9, tzinfo=AMSTERDAM)
    fields = {"corporation_id": agenda.corporation_id, "resource": agenda, "start": start, "purpose": "x"}
    Booking.objects.create(end=start + dt.timedelta(hours=1), **fields)
    with pytest.raises(IntegrityError, match=r"(?i)unique"), transaction.atomic():
        Booking.objects.create(end=start + dt.timedelta(hours=1), **fields)
    # A cancelled booking frees the slot.
    Booking.objects.update(status=BookingStatus.CANCELLED)
    Booking.objects.create(end=start + dt.timedelta(hours=1), **fields)


def test_booking_and_rescheduling_through_the_services(agenda):
    with clock.moved_to(dt.date(2026, 12, 3)):
        free = resource_slots(resource=agenda, first_day=clock.today(), now=clock.now())
        assert [s.strftime("%d %H:%M") for s in free[:3]] == ["07 09:00", "07 10:00", "07 11:00"]
        first = booking_make(resource=agenda, start=free[0], purpose="Voorinspectie", actor="t")
        with pytest.raises(ApplicationError, match="net door iemand anders gekozen"):
            booking_make(resource=agenda, start=free[0], purpose="Voorinspectie", actor="t")
        other = booking_make(resource=agenda, start=free[1], purpose="Voorinspectie", actor="t")
        with pytest.raises(ApplicationError, match="net door iemand anders gekozen"):
            booking_reschedule(booking=first, start=free[1], actor="t")
        first.refresh_from_db()
        assert first.status == BookingStatus.BOOKED
        moved = booking_reschedule(booking=first, start=free[2], actor="t")
    assert moved.replaces == first
    booked = Booking.objects.filter(status=BookingStatus.BOOKED).order_by("start")
    assert [b.pk for b in booked] == [other.pk, moved.pk]
