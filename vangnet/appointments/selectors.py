"""Reads of the agenda: a resource's free slots (two queries), the agenda of a day, the booked resource."""

import datetime as dt

from vangnet.appointments.models import Availability, Booking, BookingStatus, Resource, ResourceKind
from vangnet.appointments.slots import AgendaDay, Taken, Window, free_slots, week_agenda
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


def resources(*, corporation: Corporation) -> list[Resource]:
    """Every agenda of the corporation, inspectors first, then contractors, by name."""
    return list(
        Resource.objects.filter(corporation=corporation).order_by("kind", "name").select_related("contractor")
    )


def resource_windows(*, resource: Resource) -> list[Availability]:
    return list(Availability.objects.filter(resource=resource).order_by("weekday", "start"))


def resource_week(*, resource: Resource, monday: dt.date, now: dt.datetime) -> list[AgendaDay]:
    """One week of a resource's agenda: its booked and free slots (two queries)."""
    windows = [Window(w.weekday, w.start, w.end) for w in resource.windows.all()]
    booked = Booking.objects.filter(
        resource=resource,
        status=BookingStatus.BOOKED,
        start__gte=dt.datetime.combine(monday - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
        start__lt=dt.datetime.combine(monday + dt.timedelta(days=8), dt.time(), tzinfo=dt.UTC),
    ).values_list("start", "end", "purpose")
    taken = [Taken(start, end, purpose) for start, end, purpose in booked]
    return week_agenda(windows, taken, monday=monday, slot_minutes=resource.slot_minutes, now=now)
