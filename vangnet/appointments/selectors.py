"""Reads of the agenda: a resource's free slots (two queries), the agenda of a day, the booked resource."""

import datetime as dt

from vangnet.appointments.models import Booking, BookingStatus, Resource, ResourceKind
from vangnet.appointments.slots import Window, free_slots
from vangnet.core.models import Corporation

# How far ahead a tenant may book, and how long before a slot booking closes.
HORIZON_DAYS = 42
NOTICE = dt.timedelta(hours=12)


def resource_slots(
    *, resource: Resource, first_day: dt.date, now: dt.datetime, days: int = HORIZON_DAYS
) -> list[dt.datetime]:
    windows = [Window(w.weekday, w.start, w.end) for w in resource.windows.all()]
    last = first_day + dt.timedelta(days=days + 1)
    taken = Booking.objects.filter(
        resource=resource,
        status=BookingStatus.BOOKED,
        start__date__gte=first_day - dt.timedelta(days=1),
        start__date__lte=last,
    ).values_list("start", flat=True)
    return free_slots(
        windows,
        list(taken),
        first_day=first_day,
        days=days,
        slot_minutes=resource.slot_minutes,
        after=now + NOTICE,
    )


def inspector(*, corporation: Corporation) -> Resource | None:
    """The corporation's first active inspector (one agenda for the inspections of a small corporation)."""
    return (
        Resource.objects.filter(corporation=corporation, kind=ResourceKind.INSPECTOR, active=True)
        .order_by("pk")
        .first()
    )


def agenda(*, corporation: Corporation, first_day: dt.date, days: int = 14) -> list[Booking]:
    return list(
        Booking.objects.filter(
            corporation=corporation,
            status=BookingStatus.BOOKED,
            start__date__gte=first_day,
            start__date__lt=first_day + dt.timedelta(days=days),
        )
        .select_related("resource")
        .order_by("start")
    )
