"""What every phase of a run needs: the corporation, the day, its policy and the report to fill."""

from dataclasses import dataclass
from datetime import date

from vangnet.core.models import Corporation
from vangnet.flows.engine.report import RunReport
from vangnet.flows.models import CollectionPolicy


@dataclass
class RunContext:
    corporation: Corporation
    as_of: date
    policy: CollectionPolicy
    report: RunReport


def policy_for(corporation: Corporation) -> CollectionPolicy:
    policy, _created = CollectionPolicy.objects.get_or_create(corporation=corporation)
    return policy
