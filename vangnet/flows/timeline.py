"""Checks on a flow's timeline before it becomes a version: every step named, days in order, channels and
templates that fit the action, and collection costs only after a 14-day letter."""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext

from vangnet.core.errors import ApplicationError
from vangnet.flows.legal.fourteen_day_letter import LEGAL_TEMPLATE_CODES
from vangnet.flows.models import MESSAGE_ACTIONS, StepAction
from vangnet.messaging.channels import channels

STEP_FIELDS = (
    "name",
    "day_offset",
    "anchor",
    "action",
    "channels",
    "fallback_channel",
    "template_code",
    "min_amount",
    "weekdays_only",
    "task_priority",
)


def costs_before_letter_problems(steps: Sequence[dict]) -> list[str]:
    """A step that books collection costs with no 14-day letter step before it (art. 6:96 lid 6 BW: costs
    are owed only after the letter's term has passed). The engine refuses such costs anyway; the editor
    refuses the timeline, so a colleague never proposes what would never run."""
    problems = []
    letter_seen = False
    for number, step in enumerate(steps, start=1):
        if step.get("action") == StepAction.FOURTEEN_DAY_LETTER:
            letter_seen = True
        elif step.get("action") == StepAction.ADD_COSTS and not letter_seen:
            problems.append(
                gettext(
                    "stap %(number)s (%(name)s): incassokosten kunnen pas na een veertiendagenbrief; zet die stap ervoor"
                )
                % {"number": number, "name": step.get("name") or ""}
            )
    return problems


def validate_steps(steps: Sequence[dict]) -> list[dict]:
    """Checks a timeline before it becomes a version; every problem is named with its step."""
    errors = []
    cleaned = []
    previous = -1
    channels_allowed = set(channels.kinds())
    legal_channels = set(channels.legal_kinds())
    for number, raw in enumerate(steps, start=1):
        step = {key: raw.get(key) for key in STEP_FIELDS}
        label = f"stap {number} ({step.get('name') or 'zonder naam'})"
        if not step["name"]:
            errors.append(f"{label}: geef de stap een naam")
        if step["action"] not in StepAction.values:
            errors.append(f"{label}: onbekende actie {step['action']!r}")
        day = step["day_offset"]
        if not isinstance(day, int) or day < 0:
            errors.append(f"{label}: de dag is een heel getal van 0 of meer")
        elif day < previous:
            errors.append(
                f"{label}: dag {day} ligt vóór de vorige stap (dag {previous}); zet de stappen op volgorde"
            )
        else:
            previous = day
        asked = list(step["channels"] or [])
        if any(channel not in channels_allowed for channel in asked):
            errors.append(f"{label}: onbekend kanaal in {', '.join(asked)}")
        if step["action"] in MESSAGE_ACTIONS and not asked:
            errors.append(f"{label}: een bericht heeft minstens één kanaal")
        if step["action"] in MESSAGE_ACTIONS and not step["template_code"]:
            errors.append(f"{label}: kies een sjabloon")
        if step["action"] == StepAction.FOURTEEN_DAY_LETTER and any(c not in legal_channels for c in asked):
            errors.append(f"{label}: een veertiendagenbrief gaat per brief of e-mail")
        if (
            step["action"] == StepAction.FOURTEEN_DAY_LETTER
            and step["template_code"] not in LEGAL_TEMPLATE_CODES
        ):
            errors.append(
                f"{label}: een veertiendagenbrief gebruikt een wettelijk sjabloon (veertiendagenbrief)"
            )
        step["channels"] = asked
        step["fallback_channel"] = step["fallback_channel"] or ""
        step["template_code"] = step["template_code"] or ""
        step["anchor"] = step["anchor"] or "oldest_due"
        step["weekdays_only"] = bool(step["weekdays_only"])
        step["task_priority"] = int(step["task_priority"] or 2)
        if step["min_amount"] in ("", None):
            step["min_amount"] = None
        else:
            step["min_amount"] = Decimal(str(step["min_amount"]))
        cleaned.append(step)
    if not cleaned:
        errors.append("een traject heeft minstens één stap")
    if errors:
        raise ApplicationError("Het traject is niet opgeslagen.", extra={"errors": errors})
    return cleaned
