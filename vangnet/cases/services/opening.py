"""Opening a case from the portal, the phone or counter, or another system: checked completely first.

A refusal (ApplicationError, with the field it is about) leaves nothing behind, stored photos included.
"""

import datetime as dt
import uuid
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from vangnet.cases.definition import route_team
from vangnet.cases.fields import answers_clean
from vangnet.cases.keys import case_task_key, case_urgent_task_key
from vangnet.cases.kinds import Intake, kinds
from vangnet.cases.models import Audience, Case, CaseChannel, CaseType, EntryKind
from vangnet.cases.services.common import (
    case_event,
    checked_photos,
    entry_add,
    files_remove,
    party_message,
    photo_store,
    stage_entries,
)
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import Unit
from vangnet.tasks.models import TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import task_create
from vangnet.tenants.models import Tenant

MAX_NAME = 200


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(
        message, extra={"field": field, "errors": [{"field": field, "reason_nl": message}]}
    )


def _checked_party(
    case_type: CaseType, *, tenant: Tenant | None, party_name: str, accused: Tenant | None, channel: str
) -> None:
    corporation_id = case_type.corporation_id
    if tenant is not None and tenant.corporation_id != corporation_id:
        raise _refuse(gettext("Deze huurder kennen wij niet."), "tenant")
    if tenant is None:
        if channel == CaseChannel.PORTAL:
            raise _refuse(gettext("Een melding uit het portaal hoort bij de huurder die meldt."), "tenant")
        if not case_type.open_to_others:
            raise _refuse(gettext("Dit soort zaak is alleen voor huurders. Kies eerst de huurder."), "tenant")
        if not party_name.strip():
            raise _refuse(gettext("Kies een huurder of vul de naam van de melder in."), "party_name")
        if len(party_name) > MAX_NAME:
            raise _refuse(gettext("De naam is te lang."), "party_name")
    if accused is not None:
        if not kinds.get(case_type.kind).has_accused:
            raise _refuse(gettext("Bij dit soort zaak hoort geen betrokkene."), "accused")
        if accused.corporation_id != corporation_id:
            raise _refuse(gettext("Deze betrokkene kennen wij niet."), "accused")
        if tenant is not None and accused.pk == tenant.pk:
            raise _refuse(gettext("De melder en de betrokkene zijn dezelfde persoon."), "accused")


def _unit_of(tenant: Tenant | None, unit: Unit | None, corporation_id: int) -> Unit | None:
    if unit is not None:
        if unit.corporation_id != corporation_id:
            raise _refuse(gettext("Deze woning kennen wij niet."), "unit")
        return unit
    if tenant is None:
        return None
    contract = tenant.contracts.select_related("unit").order_by("-start_date").first()  # type: ignore[attr-defined]
    return contract.unit if contract is not None else None


def _group_of(case_type: CaseType, accused: Tenant | None, unit: Unit | None, address: str) -> Case | None:
    """Reports about one address hang under the first open one (by the accused, their home or the address)."""
    if not kinds.get(case_type.kind).has_accused:
        return None
    open_cases = Case.objects.filter(case_type=case_type, closed=False, group__isnull=True)
    if accused is not None:
        return open_cases.filter(accused=accused).order_by("pk").first()
    if unit is not None:
        return open_cases.filter(unit=unit).order_by("pk").first()
    key = " ".join(address.lower().split())
    if not key:
        return None
    return open_cases.filter(answers__adres__iexact=key).order_by("pk").first()


def case_open(
    *,
    case_type: CaseType,
    as_of: dt.date,
    actor: Actor,
    channel: str,
    answers: dict,
    tenant: Tenant | None = None,
    party_name: str = "",
    party_email: str = "",
    party_phone: str = "",
    accused: Tenant | None = None,
    unit: Unit | None = None,
    subject: str = "",
    guide: str = "",
    photos: Sequence[UploadedFile] = (),
    subscription: bool = False,
) -> Case:
    if not case_type.active:
        raise _refuse(gettext("Kies een soort zaak uit de lijst."), "case_type")
    if channel not in CaseChannel.values:
        raise _refuse(gettext("Onbekend kanaal."), "channel")
    if channel == CaseChannel.PORTAL and not case_type.portal:
        raise _refuse(gettext("Kies een soort zaak uit de lijst."), "case_type")
    _checked_party(case_type, tenant=tenant, party_name=party_name, accused=accused, channel=channel)
    cleaned, errors = answers_clean(case_type.fields, answers or {}, as_of=as_of)
    if errors:
        items = [{"field": f"answers.{code}", "reason_nl": reason} for code, reason in errors.items()]
        raise ApplicationError(
            " ".join(errors.values()), extra={"field": "answers", "fields": errors, "errors": items}
        )
    kind = kinds.get(case_type.kind)
    corporation = case_type.corporation
    intake: Intake = kind.intake(
        case_type=case_type,
        answers=cleaned,
        subject=(subject or "").strip()[:200],
        extra={"guide": guide, "subscription": subscription, "corporation_phone": corporation.phone},
    )
    checked = checked_photos(list(photos), images_only=True)
    # A nuisance case is about the accused's home, never the reporter's: that would point at them.
    unit = _unit_of(accused if kind.has_accused else tenant, unit, corporation.pk)
    first_stage = case_type.stages[0]
    stored: list[str] = []
    try:
        with transaction.atomic():
            case = Case(
                corporation=corporation,
                case_type=case_type,
                number=uuid.uuid4().hex[:20],
                tenant=tenant,
                party_name="" if tenant else party_name.strip(),
                party_email="" if tenant else party_email.strip()[:254],
                party_phone="" if tenant else party_phone.strip()[:30],
                accused=accused,
                unit=unit,
                complex_code=unit.complex_code if unit else "",
                group=_group_of(case_type, accused, unit, str(cleaned.get("adres", ""))),
                subject=intake.subject[:200],
                answers=cleaned,
                category=intake.category[:60],
                urgency=intake.urgency,
                responsible=intake.responsible,
                stage=first_stage["code"],
                stage_since=as_of,
                team=route_team(
                    case_type.routing,
                    category=intake.category,
                    complex_code=unit.complex_code if unit else "",
                    neighbourhood=unit.neighbourhood if unit else "",
                ),
                channel=channel,
                opened_on=as_of,
                opened_by=actor_label(actor),
            )
            case.stage_deadline = kind.deadline(
                case_type=case_type, case=case, stage=first_stage, as_of=as_of
            )
            case.save()
            case.number = f"Z{as_of:%y}-{case.pk:06d}"
            case.save(update_fields=["number"])
            entry_add(case, EntryKind.OPENED, Audience.PARTY, case.subject, actor=actor)
            stage_entries(case, first_stage, actor=actor)
            for upload, content_type in checked:
                photo_store(case, upload, content_type, audience=Audience.PARTY, actor=actor, stored=stored)
            who = str(tenant) if tenant else case.party_name
            task_create(
                corporation=corporation,
                kind=TaskKind.CASE,
                title=gettext("%(type)s: %(subject)s") % {"type": case_type.name, "subject": case.subject},
                description=gettext("Zaak %(number)s van %(who)s.") % {"number": case.number, "who": who},
                due_on=case.stage_deadline or as_of,
                source=TaskSource.CASE,
                source_key=case_task_key(case.pk),
                tenant=tenant,
                team=case.team,
                actor=actor,
            )
            if intake.urgent_task:
                task_create(
                    corporation=corporation,
                    kind=TaskKind.CASE_URGENT,
                    title=intake.urgent_task,
                    description=gettext("Zaak %(number)s: %(subject)s")
                    % {"number": case.number, "subject": case.subject},
                    due_on=as_of,
                    source=TaskSource.CASE,
                    source_key=case_urgent_task_key(case.pk),
                    tenant=tenant,
                    team=case.team,
                    priority=TaskPriority.URGENT,
                    actor=actor,
                )
            message = party_message(
                case,
                first_stage.get("message", ""),
                as_of=as_of,
                actor=actor,
                to=tenant,
                audience=Audience.PARTY,
            )
            case_event(case, "case.opened", subject=case.subject, answers=cleaned, photos=len(checked))
            log_action(
                corporation=corporation,
                actor=actor,
                action="case.opened",
                obj=case,
                data={
                    "number": case.number,
                    "type": case_type.code,
                    "channel": channel,
                    "photos": len(checked),
                    "message": message,
                    "group": case.group_id,
                },
            )
    except BaseException:
        files_remove(stored)
        raise
    return case
