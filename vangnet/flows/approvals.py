"""Four eyes on a flow's timeline: a colleague proposes a new version, a second colleague approves it.

Only an approved version becomes the flow's current version, so the nightly run and every new dossier use
the last approved timeline. The author cannot approve their own proposal; they can withdraw it. Every step
is in the audit log.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.channels import ChannelKind
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.flows.models import FlowStep, FlowVersion, SegmentProposal, StepAction, StepAnchor, VersionStatus
from vangnet.flows.models.timelines import Flow
from vangnet.flows.services import version_make_current, version_write
from vangnet.flows.timeline import costs_before_letter_problems
from vangnet.messaging.models import MessageTemplate


def pending_proposal(flow: Flow) -> FlowVersion | None:
    return flow.versions.filter(status=VersionStatus.PROPOSED).order_by("-number").first()


def is_author(version: FlowVersion | SegmentProposal, user: User) -> bool:
    """Whether the colleague made this proposal (a flow version or a segment change)."""
    if version.author_id is not None:
        return version.author_id == user.pk
    return version.created_by == user.get_username()


@transaction.atomic
def flow_version_propose(
    *, flow: Flow, steps: Sequence[dict], note: str, actor: User, takes_over_open: bool | None = None
) -> FlowVersion:
    """A colleague's new timeline, waiting for a second colleague; the flow keeps running on its current
    version until then. One proposal per flow at a time, so the one approved is the one that was reviewed."""
    waiting = pending_proposal(flow)
    if waiting is not None:
        raise ApplicationError(
            _(
                "Er wacht al een voorstel voor dit traject (versie %(number)s). Laat een collega dat eerst "
                "goedkeuren of afwijzen, of trek het in."
            )
            % {"number": waiting.number}
        )
    problems = costs_before_letter_problems(steps)
    if problems:
        raise ApplicationError(_("Het traject is niet opgeslagen."), extra={"errors": problems})
    version = version_write(
        flow=flow,
        steps=steps,
        note=note,
        actor=actor,
        status=VersionStatus.PROPOSED,
        takes_over_open=takes_over_open,
    )
    log_action(
        corporation=flow.corporation,
        actor=actor,
        action="flows.version_proposed",
        obj=flow,
        data={"version": version.number, "note": note}
        | ({} if takes_over_open is None else {"takes_over_open": takes_over_open}),
    )
    return version


def _locked_proposal(version: FlowVersion) -> FlowVersion:
    locked = FlowVersion.objects.select_for_update().select_related("flow").get(pk=version.pk)
    if locked.status != VersionStatus.PROPOSED:
        raise ApplicationError(_("Over dit voorstel is al besloten."))
    return locked


@transaction.atomic
def flow_version_approve(*, version: FlowVersion, actor: User) -> FlowVersion:
    """The second colleague approves: the version becomes the flow's current one (new dossiers get it)."""
    locked = _locked_proposal(version)
    if is_author(locked, actor):
        raise ApplicationError(
            _("U hebt dit voorstel zelf gemaakt. Een collega moet het goedkeuren (vier ogen).")
        )
    locked.status = VersionStatus.APPROVED
    locked.decided_by = actor.get_username()
    locked.decided_at = clock.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    version_make_current(locked.flow, locked)
    log_action(
        corporation=locked.corporation,
        actor=actor,
        action="flows.version_approved",
        obj=locked.flow,
        data={"version": locked.number, "author": locked.created_by},
    )
    return locked


def proposal_reject(locked: FlowVersion | SegmentProposal, *, actor: User, reason: str) -> bool:
    """Marks a locked proposal (a flow version or a segment change) rejected with the reason, or withdrawn
    when its author gives none; returns whether it was the author's own. A colleague must say why."""
    reason = reason.strip()
    own = is_author(locked, actor)
    if not reason and not own:
        raise ApplicationError(_("Schrijf op waarom u het voorstel afwijst; uw collega leest het."))
    locked.status = VersionStatus.REJECTED
    locked.decided_by = actor.get_username()
    locked.decided_at = clock.now()
    locked.decision_note = (reason or _("Ingetrokken door de maker."))[:300]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return own


@transaction.atomic
def flow_version_reject(*, version: FlowVersion, actor: User, reason: str) -> FlowVersion:
    """A colleague rejects the proposal with a reason, or its author withdraws it; the flow stays as it was."""
    locked = _locked_proposal(version)
    own = proposal_reject(locked, actor=actor, reason=reason)
    log_action(
        corporation=locked.corporation,
        actor=actor,
        action="flows.version_withdrawn" if own else "flows.version_rejected",
        obj=locked.flow,
        data={"version": locked.number, "reason": locked.decision_note},
    )
    return locked


@dataclass(frozen=True)
class StepChange:
    """One row of the difference between the current timeline and a proposal, in words."""

    kind: str  # "added", "removed" or "changed"
    name: str
    details: tuple[str, ...]


def _describe(step: FlowStep, templates: dict[str, str]) -> dict[str, str]:
    none = _("geen")
    channels = ", ".join(str(ChannelKind(c).label) for c in step.channels if c in ChannelKind.values)
    return {
        _("dag"): str(step.day_offset),
        pgettext("the day a step counts from", "vanaf"): str(StepAnchor(step.anchor).label)
        if step.anchor in StepAnchor.values
        else step.anchor,
        _("actie"): str(StepAction(step.action).label) if step.action in StepAction.values else step.action,
        _("kanalen"): channels or none,
        _("terugval"): str(ChannelKind(step.fallback_channel).label) if step.fallback_channel else none,
        _("sjabloon"): templates.get(step.template_code, step.template_code) or none,
        _("minimaal bedrag"): f"€ {step.min_amount}".replace(".", ",")
        if step.min_amount is not None
        else none,
        _("alleen werkdagen"): _("ja") if step.weekdays_only else _("nee"),
        _("prioriteit taak"): str(step.task_priority),
    }


def timeline_changes(current: FlowVersion | None, proposed: FlowVersion) -> list[StepChange]:
    """What the proposal changes, step by step (matched by name), in the order of the proposed timeline."""
    none = _("geen")
    before = list(current.steps.order_by("position")) if current is not None else []
    after = list(proposed.steps.order_by("position"))
    templates = _template_names(proposed.corporation_id)
    old_by_name = {step.name: step for step in before}
    new_names = {step.name for step in after}
    changes = []
    for step in after:
        new = _describe(step, templates)
        old_step = old_by_name.get(step.name)
        if old_step is None:
            details = tuple(f"{label}: {value}" for label, value in new.items() if value != none)
            changes.append(StepChange("added", step.name, details))
            continue
        old = _describe(old_step, templates)
        details = tuple(
            f"{label}: {old[label]} → {value}" for label, value in new.items() if old[label] != value
        )
        if details:
            changes.append(StepChange("changed", step.name, details))
    for step in before:
        if step.name not in new_names:
            changes.append(StepChange("removed", step.name, (f"{_('dag')}: {step.day_offset}",)))
    return changes


def steps_in_words(version: FlowVersion) -> list[FlowStep]:
    """The version's steps, each with its template's name and its channels' names (not their codes)."""
    templates = _template_names(version.corporation_id)
    steps = list(version.steps.order_by("position"))
    for step in steps:
        step.template_name = templates.get(step.template_code, "") if step.template_code else ""  # type: ignore[attr-defined]
        step.channel_names = ", ".join(  # type: ignore[attr-defined]
            str(ChannelKind(c).label) for c in step.channels if c in ChannelKind.values
        )
        step.fallback_name = (  # type: ignore[attr-defined]
            str(ChannelKind(step.fallback_channel).label)
            if step.fallback_channel in ChannelKind.values
            else ""
        )
    return steps


def _template_names(corporation_id: int) -> dict[str, str]:
    return dict(
        MessageTemplate.objects.filter(corporation_id=corporation_id, language="nl")
        .order_by("code", "-tone")
        .values_list("code", "name")
    )
