"""The one place product code asks what day and time it is.

Everything that needs "today" or "now" calls `today()` / `now()` here, never `date.today()` or
`timezone.now()` directly. A command that works "as of" another day (`run_day --as-of`, `seed_demo
--as-of`) runs its work inside `clock.moved_to(day)`, so code below it that stamps times (messages,
tasks, audit entries) agrees with the day it works on. Tests pin the whole process to a test day
(tests/conftest.py), which moves this clock along with Django's.

Pure functions never call this module: they take `as_of`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_lock = threading.Lock()
# (the day we pretend it is, the real moment the pretending started); None: the real clock.
_moved: tuple[dt.date, dt.datetime] | None = None


def now() -> dt.datetime:
    """The current moment (aware), on the moved day when a command moved the clock."""
    real = timezone.now()
    moved = _moved
    if moved is None:
        return real
    day, started = moved
    local_start = timezone.localtime(started)
    elapsed = real - started
    # Keep the time of day running from the moment the clock was moved, on the moved day.
    at = timezone.make_aware(dt.datetime.combine(day, local_start.time().replace(tzinfo=None)))
    return at + elapsed


def today() -> dt.date:
    """Today's date in the corporation's time zone (Europe/Amsterdam)."""
    return timezone.localdate(now())


@contextmanager
def moved_to(day: dt.date | None) -> Iterator[None]:
    """Run the block as if it were `day` (None: leave the clock as it is)."""
    global _moved
    if day is None:
        yield
        return
    with _lock:
        previous = _moved
        _moved = (day, timezone.now())
    try:
        yield
    finally:
        with _lock:
            _moved = previous
