"""Home modifications: the tenant's request (with photos or drawings), the decision letter with the
policy's conditions, and the inspection after completion that records it on the unit."""

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from vangnet.cases.models import CaseChannel
from vangnet.cases.services import case_open, case_transition
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.events.services import event_publish
from vangnet.inspections.models import Decision, Inspection, InspectionKind, Modification
from vangnet.inspections.services.common import kind_type, letter_base, letter_keep, refuse
from vangnet.inspections.services.termination import inspection_done
from vangnet.ledger.models import Unit
from vangnet.tenants.models import Tenant

MAX_TEXT = 2000


def policies(case_type) -> list[dict]:
    return [p for p in case_type.settings.get("policies", []) if isinstance(p, dict) and p.get("code")]


def modification_request(
    *,
    tenant: Tenant,
    unit: Unit,
    change: str,
    description: str,
    photos: Sequence[UploadedFile],
    as_of: dt.date,
    actor: Actor,
) -> Modification:
    case_type = kind_type(tenant.corporation, "modification")
    policy = next((p for p in policies(case_type) if p["code"] == change), None)
    errors: dict[str, str] = {}
    if policy is None:
        errors["change"] = gettext("Kies wat u wilt veranderen.")
    if not description.strip():
        errors["description"] = gettext("Beschrijf wat u wilt veranderen.")
    elif len(description) > MAX_TEXT:
        errors["description"] = gettext("De omschrijving is te lang.")
    if errors:
        raise ApplicationError(" ".join(errors.values()), extra={"fields": errors})
    assert policy is not None
    with transaction.atomic():
        case = case_open(
            case_type=case_type,
            as_of=as_of,
            actor=actor,
            channel=CaseChannel.PORTAL,
            tenant=tenant,
            answers={},
            unit=unit,
            subject=policy["name"],
            photos=photos,
        )
        modification = Modification.objects.create(
            corporation=tenant.corporation,
            case=case,
            unit=unit,
            tenant=tenant,
            change=policy["code"],
            change_name=policy["name"][:120],
            description=description.strip(),
        )
        log_action(
            corporation=tenant.corporation, actor=actor, action="modification.requested", obj=modification
        )
    return modification


def modification_decide(
    *, modification: Modification, decision: str, conditions: str, as_of: dt.date, actor: Actor
) -> Modification:
    """The colleague decides (the policy proposes); the tenant gets the letter with the conditions."""
    if modification.decision:
        raise refuse(gettext("Over deze aanvraag is al besloten."), "decision")
    if decision not in Decision.values:
        raise refuse(gettext("Kies een besluit."), "decision")
    conditions = conditions.strip()
    if decision == Decision.CONDITIONS and not conditions:
        raise refuse(gettext("Schrijf de voorwaarden op."), "conditions")
    if len(conditions) > MAX_TEXT:
        raise refuse(gettext("De voorwaarden zijn te lang."), "conditions")
    case = modification.case
    with transaction.atomic():
        modification.decision = decision
        modification.conditions = conditions
        modification.decided_on = as_of
        modification.decided_by = actor_label(actor)[:150]
        modification.save(update_fields=["decision", "conditions", "decided_on", "decided_by"])
        data = letter_base(
            case, modification.tenant, title=gettext("Besluit over uw woningaanpassing"), as_of=as_of
        )
        what = modification.change_name.lower()
        if decision == Decision.REFUSED:
            data["paragraphs"] = [
                gettext("U vroeg of u %(what)s mag maken. Dat mag helaas niet.") % {"what": what},
                conditions,
            ]
        else:
            data["paragraphs"] = [gettext("U vroeg of u %(what)s mag maken. Dat mag.") % {"what": what}]
            if conditions:
                data["paragraphs"] += [gettext("Dit zijn de voorwaarden:"), conditions]
            data["closing"] = [
                gettext(
                    "Laat het ons weten als het klaar is. Dan komen wij kijken en leggen wij de aanpassing "
                    "vast bij uw woning. Als u later verhuist, staat daarin wat er met de aanpassing gebeurt."
                )
            ]
        letter_keep(case, data, file_name="besluit-woningaanpassing.pdf", actor=actor)
        case_transition(
            case=case,
            to="afgewezen" if decision == Decision.REFUSED else "goedgekeurd",
            as_of=as_of,
            actor=actor,
        )
        event_publish(
            corporation=modification.corporation,
            type="unit.modification_decided",
            payload={
                "unit_id": modification.unit.source_id,
                "tenant_id": modification.tenant.source_id,
                "case_number": case.number,
                "change": modification.change,
                "decision": decision,
                "conditions": conditions,
            },
        )
        log_action(
            corporation=modification.corporation,
            actor=actor,
            action="modification.decided",
            obj=modification,
            data={"decision": decision},
        )
    return modification


def modification_record(
    *, modification: Modification, notes: str, as_of: dt.date, actor: Actor
) -> Modification:
    """The inspection after completion: the modification is recorded on the unit."""
    if modification.decision not in (Decision.ALLOWED, Decision.CONDITIONS) or modification.completed_on:
        raise refuse(gettext("Deze aanpassing kan nu niet worden opgenomen."), "notes")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            corporation_id=modification.corporation_id,
            case=modification.case,
            unit=modification.unit,
            kind=InspectionKind.MODIFICATION,
        )
        inspection_done(inspection, notes, actor)
        modification.completed_on = as_of
        modification.save(update_fields=["completed_on"])
        case_transition(case=modification.case, to="opgenomen", as_of=as_of, actor=actor)
        event_publish(
            corporation=modification.corporation,
            type="unit.modification_recorded",
            payload={"unit_id": modification.unit.source_id, "change": modification.change, "on": as_of},
        )
    return modification
