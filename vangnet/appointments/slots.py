"""The free slots of one resource, as a pure function of its windows and its bookings (no clock, no query).

Slots lie on one grid per resource: every `slot_minutes` counted from midnight, inside a weekly window,
on business days only (no weekend or public holiday unless a window names the weekend day). A slot that
starts at or before `after` (now, plus the notice a booking needs) is not offered.
"""

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from vangnet.core.calendar import is_public_holiday

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Window:
    weekday: int
    start: dt.time
    end: dt.time


def on_grid(moment: dt.time, slot_minutes: int) -> bool:
    return (moment.hour * 60 + moment.minute) % slot_minutes == 0 and moment.second == 0


def day_slots(windows: Iterable[Window], day: dt.date, slot_minutes: int) -> list[dt.datetime]:
    """Every grid slot of one day that fits wholly inside a window (aware, Amsterdam time)."""
    if is_public_holiday(day):
        return []
    found: set[dt.datetime] = set()
    for window in windows:
        if window.weekday != day.weekday():
            continue
        first = window.start.hour * 60 + window.start.minute
        first += -first % slot_minutes
        last = window.end.hour * 60 + window.end.minute
        for minute in range(first, last - slot_minutes + 1, slot_minutes):
            naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
            found.add(naive.replace(tzinfo=AMSTERDAM))
    return sorted(found)


def free_slots(
    windows: Collection[Window],
    taken: Collection[dt.datetime],
    *,
    first_day: dt.date,
    days: int,
    slot_minutes: int,
    after: dt.datetime,
) -> list[dt.datetime]:
    """The resource's free slots from `first_day` for `days` days, later than `after`, in order."""
    busy = {moment.astimezone(dt.UTC) for moment in taken}
    slots: list[dt.datetime] = []
    for offset in range(days):
        for slot in day_slots(windows, first_day + dt.timedelta(days=offset), slot_minutes):
            if slot > after and slot.astimezone(dt.UTC) not in busy:
                slots.append(slot)
    return slots


@dataclass(frozen=True)
class Taken:
    """A booking as the agenda shows it."""

    start: dt.datetime
    end: dt.datetime
    purpose: str


@dataclass(frozen=True)
class AgendaSlot:
    start: dt.datetime
    end: dt.datetime
    taken: Taken | None
    past: bool


@dataclass(frozen=True)
class AgendaDay:
    day: dt.date
    slots: list[AgendaSlot]
    holiday: bool


def week_agenda(
    windows: Collection[Window],
    taken: Collection[Taken],
    *,
    monday: dt.date,
    slot_minutes: int,
    now: dt.datetime,
) -> list[AgendaDay]:
    """A resource's week: every grid slot of its windows, booked or free, and bookings outside the windows
    (made before a window changed). Weekdays always, a weekend day only when it has something."""
    by_start = {t.start.astimezone(dt.UTC): t for t in taken}
    days: list[AgendaDay] = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        starts = {slot.astimezone(dt.UTC) for slot in day_slots(windows, day, slot_minutes)}
        starts |= {start for start, t in by_start.items() if t.start.astimezone(AMSTERDAM).date() == day}
        slots = []
        for start in sorted(starts):
            booked = by_start.get(start)
            local = start.astimezone(AMSTERDAM)
            end = booked.end if booked else start + dt.timedelta(minutes=slot_minutes)
            slots.append(AgendaSlot(local, end.astimezone(AMSTERDAM), booked, past=start <= now))
        if offset < 5 or slots:
            days.append(AgendaDay(day, slots, holiday=is_public_holiday(day)))
    return days


def moment_text(moment: dt.datetime) -> str:
    """A slot as a tenant reads it: "di 15-12-2026 om 09:00" (Amsterdam time)."""
    local = moment.astimezone(AMSTERDAM)
    day = ("ma", "di", "wo", "do", "vr", "za", "zo")[local.weekday()]
    return f"{day} {local:%d-%m-%Y} om {local:%H:%M}"
