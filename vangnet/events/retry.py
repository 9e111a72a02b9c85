"""When to try a failed delivery again (pure): 1 min, 4 min, 16 min, ... capped at 6 hours, 8 attempts."""

import datetime as dt

MAX_ATTEMPTS = 8
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(hours=6)


def retry_delay(attempt: int) -> dt.timedelta:
    """The wait after failed attempt number `attempt` (1-based)."""
    return min(FIRST_DELAY * 4 ** (attempt - 1), MAX_DELAY)


def next_attempt_at(*, attempt: int, failed_at: dt.datetime) -> dt.datetime | None:
    """The time of the next attempt, or None when this was the last one."""
    if attempt >= MAX_ATTEMPTS:
        return None
    return failed_at + retry_delay(attempt)
