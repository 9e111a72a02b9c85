"""The team's capacity: how many calls and house visits a day it can do (the preview of tonight's run warns
when a day holds more). A setting of the corporation's collection policy, kept by an administrator."""

from dataclasses import dataclass

from django.db import transaction

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.flows.engine.context import policy_for

# More than this a day is a typing error, not a team.
MOST_PER_DAY = 10_000


@dataclass(frozen=True)
class Capacity:
    calls_per_day: int | None
    visits_per_day: int | None


def capacity_for(corporation: Corporation) -> Capacity:
    policy = policy_for(corporation)
    return Capacity(policy.calls_per_day, policy.visits_per_day)


def capacity_update(
    *, corporation: Corporation, calls_per_day: int | None, visits_per_day: int | None, actor: User | str
) -> Capacity:
    """Set how many calls and visits the team can do a day; `None` means no limit."""
    for value in (calls_per_day, visits_per_day):
        if value is not None and not 0 < value <= MOST_PER_DAY:
            raise ApplicationError(
                f"Geef een aantal per dag tussen 1 en {MOST_PER_DAY}, of laat het veld leeg voor geen grens."
            )
    with transaction.atomic():
        policy = policy_for(corporation)
        policy.calls_per_day, policy.visits_per_day = calls_per_day, visits_per_day
        policy.save(update_fields=["calls_per_day", "visits_per_day"])
        log_action(
            corporation=corporation,
            actor=actor,
            action="flows.capacity_changed",
            obj=policy,
            data={"calls_per_day": calls_per_day, "visits_per_day": visits_per_day},
        )
    return Capacity(calls_per_day, visits_per_day)
