"""Writes on the agenda: resources and their windows, booking a free slot, rescheduling, cancelling.

A sink: it writes bookings and calls nothing above it. A slot taken by someone else in the meantime is
refused by the database (`booking_no_double`); the service turns that into a clear message, and a
reschedule that cannot book the new slot keeps the old one (one transaction).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from vangnet.appointments.models import Availability, Booking, BookingStatus, Resource
from vangnet.appointments.selectors import resource_slots
from vangnet.appointments.slots import on_grid
from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.tenants.models import Tenant


def _refused(message: str) -> ApplicationError:
    return ApplicationError(
        message, extra={"field": "slot", "errors": [{"field": "slot", "reason_nl": message}]}
    )


def _taken() -> ApplicationError:
    return _refused(gettext("Dit moment is net door iemand anders gekozen. Kies een ander moment."))


def resource_create(
    *, corporation: Corporation, name: str, kind: str, slot_minutes: int = 60, actor: Actor, contractor=None
) -> Resource:
    name = name.strip()
    if not name:
        raise ApplicationError(gettext("Vul een naam in."), extra={"field": "name"})
    if Resource.objects.filter(corporation=corporation, name=name).exists():
        raise ApplicationError(gettext("Er is al een agenda met deze naam."), extra={"field": "name"})
    resource = Resource.objects.create(
        corporation=corporation, name=name[:200], kind=kind, slot_minutes=slot_minutes, contractor=contractor
    )
    log_action(corporation=corporation, actor=actor, action="appointments.resource_created", obj=resource)
    return resource


def availability_add(
    *, resource: Resource, weekday: int, start: dt.time, end: dt.time, actor: Actor
) -> Availability:
    """A weekly window; its start lies on the resource's grid, so slots of two windows never overlap."""
    if end <= start:
        raise ApplicationError(gettext("Het einde ligt vóór het begin."), extra={"field": "end"})
    if not on_grid(start, resource.slot_minutes):
        raise ApplicationError(
            gettext("Laat het blok beginnen op een heel tijdvak van %(minutes)s minuten.")
            % {"minutes": resource.slot_minutes},
            extra={"field": "start"},
        )
    overlaps = Availability.objects.filter(
        resource=resource, weekday=weekday, start__lt=end, end__gt=start
    ).first()
    if overlaps is not None:
        raise ApplicationError(
            gettext("Dit blok overlapt met %(start)s-%(end)s op dezelfde dag.")
            % {"start": f"{overlaps.start:%H:%M}", "end": f"{overlaps.end:%H:%M}"},
            extra={"field": "start"},
        )
    window = Availability.objects.create(
        corporation_id=resource.corporation_id, resource=resource, weekday=weekday, start=start, end=end
    )
    log_action(
        corporation=resource.corporation,
        actor=actor,
        action="appointments.availability_added",
        obj=resource,
        data={"weekday": weekday, "start": start.isoformat(), "end": end.isoformat()},
    )
    return window


def availability_remove(*, window: Availability, actor: Actor) -> None:
    """Takes a window out of the weekly hours. Bookings already made in it stay (the agenda shows them)."""
    resource = window.resource
    data = {"weekday": window.weekday, "start": window.start.isoformat(), "end": window.end.isoformat()}
    window.delete()
    log_action(
        corporation=resource.corporation,
        actor=actor,
        action="appointments.availability_removed",
        obj=resource,
        data=data,
    )


def _checked_free(resource: Resource, start: dt.datetime) -> None:
    now = clock.now()
    free = resource_slots(resource=resource, first_day=clock.today(), now=now)
    if start in free:
        return
    if Booking.objects.filter(resource=resource, start=start, status=BookingStatus.BOOKED).exists():
        raise _taken()
    # In the past, too soon, too far ahead, outside the working hours or off the grid.
    raise _refused(gettext("Dit is geen vrij moment in de agenda. Kies een van de vrije momenten."))


def booking_make(
    *, resource: Resource, start: dt.datetime, purpose: str, actor: Actor, tenant: Tenant | None = None
) -> Booking:
    """Books a free slot; a slot that is not free (or is taken at this very moment) is refused."""
    _checked_free(resource, start)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                corporation_id=resource.corporation_id,
                resource=resource,
                start=start,
                end=start + dt.timedelta(minutes=resource.slot_minutes),
                purpose=purpose[:200],
                tenant=tenant,
                booked_by=actor_label(actor)[:150],
            )
    except IntegrityError:
        raise _taken() from None
    return booking


def booking_reschedule(*, booking: Booking, start: dt.datetime, actor: Actor) -> Booking:
    """The tenant (or a colleague) moves the appointment: the old slot is freed only if the new one is had."""
    if booking.status != BookingStatus.BOOKED:
        raise ApplicationError(gettext("Deze afspraak gaat niet meer door."), extra={"field": "slot"})
    if booking.start <= clock.now():
        raise ApplicationError(gettext("Deze afspraak is al geweest."), extra={"field": "slot"})
    _checked_free(booking.resource, start)
    try:
        with transaction.atomic():
            Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
            new = Booking.objects.create(
                corporation_id=booking.corporation_id,
                resource=booking.resource,
                start=start,
                end=start + dt.timedelta(minutes=booking.resource.slot_minutes),
                purpose=booking.purpose,
                tenant=booking.tenant,
                booked_by=actor_label(actor)[:150],
                replaces=booking,
            )
    except IntegrityError:
        raise _taken() from None
    return new


def booking_cancel(*, booking: Booking) -> None:
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)


def bookings_cancel(*, ids: list[int]) -> int:
    """Frees several slots at once (a closed case's work orders); one UPDATE."""
    return Booking.objects.filter(pk__in=ids, status=BookingStatus.BOOKED).update(
        status=BookingStatus.CANCELLED
    )
