"""Moving one dossier to another flow by hand: a credit manager decides a tenant needs a stricter or a
gentler approach than their segment gave them.

The dossier starts at the first step of the other flow, as a late arrival does: no reminder of the new flow
is skipped because the arrears are already old. The nightly run keeps it there (the segment only decides
where new arrears enter).
"""

from datetime import date, timedelta

from django.db import transaction

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.flows.models import OPEN_STATUSES, Enrollment, EnrollmentEvent, EventKind, Flow, StepAnchor


def enrollment_move_to_flow(
    *, enrollment: Enrollment, flow: Flow, reason: str, actor: User, as_of: date
) -> Enrollment:
    if enrollment.status not in OPEN_STATUSES:
        raise ApplicationError("Dit dossier is al afgesloten; het kan niet meer verplaatst worden.")
    if flow.pk == enrollment.flow_id:
        raise ApplicationError("Het dossier zit al in dit traject.")
    if flow.corporation_id != enrollment.corporation_id or not flow.active or flow.current_version_id is None:
        raise ApplicationError("Kies een actief traject met een gepubliceerde versie.")
    if not reason.strip():
        raise ApplicationError("Schrijf kort op waarom het dossier naar een ander traject gaat.")
    first = flow.current_version.steps.order_by("position").first()  # type: ignore[union-attr]
    if first is None:
        raise ApplicationError("Dit traject heeft nog geen stappen.")
    previous = enrollment.flow
    anchor = enrollment.anchor_date
    if first.anchor == StepAnchor.OLDEST_DUE:
        anchor = max(anchor, as_of - timedelta(days=first.day_offset))
    else:
        anchor = as_of
    with transaction.atomic():
        enrollment.flow = flow
        enrollment.version = flow.current_version  # type: ignore[assignment]
        enrollment.next_step = first
        enrollment.anchor_date = anchor
        enrollment.save(update_fields=["flow", "version", "next_step", "anchor_date"])
        EnrollmentEvent.objects.create(
            corporation=enrollment.corporation,
            enrollment=enrollment,
            on=as_of,
            kind=EventKind.MOVED,
            reason=f"Met de hand van {previous.name} naar {flow.name}: {reason.strip()}"[:300],
        )
        log_action(
            corporation=enrollment.corporation,
            actor=actor,
            action="flows.enrollment_moved",
            obj=enrollment.contract,
            data={"from": previous.code, "to": flow.code, "reason": reason.strip()[:300]},
        )
    return enrollment
