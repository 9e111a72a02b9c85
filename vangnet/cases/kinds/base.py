"""The small base class every case kind's module fills in: its default type and the code-only behaviour.

A corporation changes a type's stages, fields, routing and texts as data (`CaseType`); what needs code
(the repair guide deciding who is responsible, the nuisance privacy of the reporter) lives in the kind.
"""

import datetime as dt
from dataclasses import dataclass, field

from vangnet.cases.models import Case, CaseType


@dataclass(frozen=True)
class TypeDefault:
    """What `case_types_install_defaults` copies into a corporation's `CaseType` rows."""

    code: str
    name: str
    tenant_name: str
    description: str
    stages: list[dict]
    fields: list[dict]
    routing: dict
    settings: dict = field(default_factory=dict)
    portal: bool = False
    open_to_others: bool = False


@dataclass
class Intake:
    """What the kind decides at opening, on top of the answers the fields asked."""

    subject: str
    category: str = ""
    urgency: str = ""
    responsible: str = ""
    # An urgent task for a colleague at once (an emergency repair), with its title.
    urgent_task: str = ""
    # The tenant must call instead (an emergency): the number is shown at once.
    call_now: str = ""


class CaseKind:
    code: str = ""
    name: str = ""
    default: TypeDefault
    # Whether the case has an accused party whose view must never show the reporter.
    has_accused: bool = False

    def intake(self, *, case_type: CaseType, answers: dict, subject: str, extra: dict) -> Intake:
        """Decide category, urgency and responsibility; raise ApplicationError to refuse the intake."""
        return Intake(subject=subject or case_type.name)

    def stage_days(self, *, case_type: CaseType, case: Case, stage: dict) -> int | None:
        """The SLA of a stage in days; None when the stage has no term."""
        return stage.get("sla_days")

    def deadline(self, *, case_type: CaseType, case: Case, stage: dict, as_of: dt.date) -> dt.date | None:
        days = self.stage_days(case_type=case_type, case=case, stage=stage)
        return None if days is None or stage.get("final") else as_of + dt.timedelta(days=days)

    def may_rate(self, *, case_type: CaseType, case: Case) -> bool:
        """Whether the party may answer the satisfaction question now: once the case is closed."""
        return case.closed
