"""Working a case: moving it through its type's stages, owner and team, notes, photos, the rating."""

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from vangnet.appointments.services import bookings_cancel
from vangnet.cases.definition import next_stages
from vangnet.cases.keys import case_task_key
from vangnet.cases.kinds import kinds
from vangnet.cases.models import Audience, Case, EntryKind, WorkOrder, WorkOrderStatus
from vangnet.cases.orders import OPEN_STATUSES
from vangnet.cases.services.common import (
    case_event,
    checked_photos,
    entry_add,
    files_remove,
    party_message,
    photo_store,
    stage_entries,
)
from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Membership, User
from vangnet.tasks.models import Task, TaskStatus

MAX_NOTE = 4000


def _locked(case: Case) -> Case:
    # Only the case's own row is locked: the tenants are nullable joins, which PostgreSQL cannot lock.
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("case_type", "tenant", "accused")
        .get(pk=case.pk)
    )
    return locked


def case_transition(*, case: Case, to: str, as_of: dt.date, actor: Actor, note: str = "") -> Case:
    """Moves the case to `to` if its current stage allows it; sends the stage's message to the party."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ApplicationError(gettext("De toelichting is te lang."), extra={"field": "note"})
    with transaction.atomic():
        case = _locked(case)
        case_type = case.case_type
        if case.closed:
            raise ApplicationError(gettext("Deze zaak is al afgesloten."), extra={"field": "to"})
        allowed = next_stages(case_type.stages, case.stage)
        if to not in allowed:
            names = ", ".join(case_type.stage(code).get("name", code) for code in allowed) or "-"
            raise ApplicationError(
                gettext("Vanuit fase '%(stage)s' kan de zaak alleen naar: %(allowed)s.")
                % {"stage": case_type.stage(case.stage).get("name", case.stage), "allowed": names},
                extra={"field": "to", "allowed": allowed},
            )
        stage = case_type.stage(to)
        previous = case.stage
        case.stage = to
        case.stage_since = as_of
        case.stage_deadline = kinds.get(case_type.kind).deadline(
            case_type=case_type, case=case, stage=stage, as_of=as_of
        )
        if stage.get("final"):
            case.closed, case.closed_on = True, as_of
        case.save(update_fields=["stage", "stage_since", "stage_deadline", "closed", "closed_on"])
        stage_entries(case, stage, actor=actor)
        if note:
            entry_add(case, EntryKind.NOTE, Audience.INTERNAL, note, actor=actor, stage=to)
        tasks = Task.objects.filter(
            corporation_id=case.corporation_id, source_key=case_task_key(case.pk), status=TaskStatus.OPEN
        )
        if case.closed:
            tasks.update(status=TaskStatus.DONE, outcome=stage["name"][:200], completed_at=clock.now())
            # A closed case's running work order no longer goes ahead: its link shows no tenant data, and
            # its slot is free again in the contractor's agenda.
            running = WorkOrder.objects.filter(case=case, status__in=OPEN_STATUSES)
            bookings_cancel(ids=[pk for pk in running.values_list("booking_id", flat=True) if pk])
            running.update(status=WorkOrderStatus.CANCELLED)
        elif case.stage_deadline is not None:
            tasks.update(due_on=case.stage_deadline)
        message = party_message(
            case, stage.get("message", ""), as_of=as_of, actor=actor, to=case.tenant, audience=Audience.PARTY
        )
        accused_message = party_message(
            case,
            stage.get("accused_message", ""),
            as_of=as_of,
            actor=actor,
            to=case.accused,
            audience=Audience.ACCUSED,
        )
        case_event(case, "case.stage_changed", previous_stage=previous)
        log_action(
            corporation=case.corporation,
            actor=actor,
            action="case.stage_changed",
            obj=case,
            data={"from": previous, "to": to, "message": message, "accused_message": accused_message},
        )
    return case


def case_assign(*, case: Case, actor: Actor, owner: User | None = None, team: str | None = None) -> Case:
    if owner is None and team is None:
        raise ApplicationError(gettext("Kies een collega of een team."), extra={"field": "owner"})
    if case.closed:
        raise ApplicationError(gettext("Deze zaak is al afgesloten."))
    if (
        owner is not None
        and not Membership.objects.filter(corporation_id=case.corporation_id, user=owner).exists()
    ):
        raise ApplicationError(
            gettext("Deze collega werkt niet voor deze corporatie."), extra={"field": "owner"}
        )
    with transaction.atomic():
        changes: dict = {}
        if owner is not None:
            case.owner = changes["assigned_to"] = owner
        if team is not None:
            case.team = changes["team"] = team.strip()[:100]
        case.save(update_fields=["owner", "team"])
        Task.objects.filter(
            corporation_id=case.corporation_id, source_key=case_task_key(case.pk), status=TaskStatus.OPEN
        ).update(**changes)
        who = owner.get_full_name() or owner.get_username() if owner else ""
        entry_add(
            case,
            EntryKind.ASSIGNED,
            Audience.INTERNAL,
            " · ".join(filter(None, [who, case.team])),
            actor=actor,
        )
        case_event(case, "case.assigned", owner=who)
        log_action(
            corporation=case.corporation,
            actor=actor,
            action="case.assigned",
            obj=case,
            data={"owner": owner.pk if owner else None, "team": case.team},
        )
    return case


def case_note_add(*, case: Case, text: str, actor: Actor, audience: str = Audience.INTERNAL) -> None:
    """A note: internal, or a message on the party's (or the accused's) timeline in the portal."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError(gettext("Schrijf iets in de notitie."), extra={"field": "text"})
    if len(text) > MAX_NOTE:
        raise ApplicationError(gettext("De notitie is te lang."), extra={"field": "text"})
    if audience not in Audience.values or (audience == Audience.ACCUSED and case.accused_id is None):
        raise ApplicationError(gettext("Kies voor wie de notitie is."), extra={"field": "audience"})
    with transaction.atomic():
        entry = entry_add(case, EntryKind.NOTE, audience, text, actor=actor, stage=case.stage)
        log_action(
            corporation=case.corporation,
            actor=actor,
            action="case.note_added",
            obj=case,
            data={"entry": entry.pk, "audience": audience},
        )


def case_photos_add(
    *, case: Case, photos: Sequence[UploadedFile], actor: Actor, audience: str = Audience.PARTY
) -> int:
    if not photos:
        raise ApplicationError(gettext("Kies een foto."), extra={"field": "photos"})
    checked = checked_photos(list(photos), images_only=False)
    stored: list[str] = []
    try:
        with transaction.atomic():
            for upload, content_type in checked:
                photo_store(case, upload, content_type, audience=audience, actor=actor, stored=stored)
            log_action(
                corporation=case.corporation,
                actor=actor,
                action="case.photos_added",
                obj=case,
                data={"count": len(checked)},
            )
    except BaseException:
        files_remove(stored)
        raise
    return len(checked)


def case_rate(*, case: Case, score: int, actor: Actor) -> Case:
    """The one satisfaction question after the work is done (VERA KMT Kwaliteitsmetingsresultaten)."""
    if score not in range(1, 6):
        raise ApplicationError(gettext("Kies een cijfer van 1 tot en met 5."), extra={"field": "score"})
    if case.satisfaction is not None:
        raise ApplicationError(
            gettext("U heeft deze zaak al beoordeeld. Dank u wel."), extra={"field": "score"}
        )
    if not kinds.get(case.case_type.kind).may_rate(case_type=case.case_type, case=case):
        raise ApplicationError(
            gettext("U kunt de zaak beoordelen als het werk klaar is."), extra={"field": "score"}
        )
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, satisfaction__isnull=True).update(satisfaction=score)
        if not updated:
            raise ApplicationError(gettext("U heeft deze zaak al beoordeeld. Dank u wel."))
        case.satisfaction = score
        entry_add(case, EntryKind.RATING, Audience.PARTY, f"{score}/5", actor=actor)
        case_event(case, "case.rated", score=score)
        log_action(
            corporation=case.corporation, actor=actor, action="case.rated", obj=case, data={"score": score}
        )
    return case
