"""Template helpers of the case screens: the SLA colour and the stage's name of a case."""

from datetime import date

from django import template

from vangnet.cases.models import Case
from vangnet.cases.sla import sla_state
from vangnet.core.language import shown

register = template.Library()


@register.simple_tag
def case_sla(case: Case, as_of: date) -> str:
    return sla_state(closed=case.closed, deadline=case.stage_deadline, as_of=as_of)


@register.simple_tag
def stage_name(case: Case) -> str:
    return shown(case.case_type.stage(case.stage).get("name", case.stage))


@register.simple_tag
def answer_label(case: Case, code: str) -> str:
    """The question as the type asks it, for an answer stored under its code."""
    return shown(next((f["label"] for f in case.case_type.fields if f["code"] == code), code))
