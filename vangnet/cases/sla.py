"""The SLA colour of a case (pure): green on time, orange in the last days of the term, red past it."""

import datetime as dt

from vangnet.cases.models import SlaState

DUE_SOON_DAYS = 2


def sla_state(*, closed: bool, deadline: dt.date | None, as_of: dt.date) -> str:
    if closed:
        return SlaState.CLOSED
    if deadline is None:
        return SlaState.ON_TIME
    if deadline < as_of:
        return SlaState.LATE
    if (deadline - as_of).days <= DUE_SOON_DAYS:
        return SlaState.DUE_SOON
    return SlaState.ON_TIME
