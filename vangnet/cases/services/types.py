"""Case types: the shipped defaults per kind, and a corporation's own changes (checked before saving)."""

from django.db import transaction
from django.utils.translation import gettext

from vangnet.cases.definition import definition_problems
from vangnet.cases.kinds import kinds
from vangnet.cases.models import CaseType
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation


def case_types_install_defaults(*, corporation: Corporation, actor: Actor = "vangnet") -> int:
    """The default type of every registered kind the corporation does not have yet (by code)."""
    existing = set(CaseType.objects.filter(corporation=corporation).values_list("code", flat=True))
    new = [
        CaseType(
            corporation=corporation,
            code=kind.default.code,
            kind=kind.code,
            name=kind.default.name,
            tenant_name=kind.default.tenant_name,
            description=kind.default.description,
            stages=kind.default.stages,
            fields=kind.default.fields,
            routing=kind.default.routing,
            settings=kind.default.settings,
            portal=kind.default.portal,
            open_to_others=kind.default.open_to_others,
            position=position,
        )
        for position, kind in enumerate(kinds, start=1)
        if kind.default.code not in existing
    ]
    if not new:
        return 0
    with transaction.atomic():
        CaseType.objects.bulk_create(new, ignore_conflicts=True)
        log_action(
            corporation=corporation,
            actor=actor,
            action="case.types_installed",
            data={"codes": [t.code for t in new]},
        )
    return len(new)


def case_type_update(
    *,
    case_type: CaseType,
    actor: Actor,
    stages: list | None = None,
    fields: list | None = None,
    routing: dict | None = None,
    name: str | None = None,
    tenant_name: str | None = None,
    description: str | None = None,
    portal: bool | None = None,
) -> CaseType:
    """A corporation changes its type as data; every problem is named and nothing is saved on one."""
    stages = case_type.stages if stages is None else stages
    fields = case_type.fields if fields is None else fields
    routing = case_type.routing if routing is None else routing
    problems = definition_problems(stages=stages, fields=fields, routing=routing)
    in_use = set(case_type.cases.filter(closed=False).values_list("stage", flat=True).distinct())
    missing = in_use - {s.get("code") for s in stages if isinstance(s, dict)}
    if missing:
        problems.append(
            gettext("Open zaken staan nog in fase %(stages)s.")
            % {"stages": ", ".join(sorted(case_type.stage(code).get("name") or code for code in missing))}
        )
    if name is not None and not name.strip():
        problems.append(gettext("Een zaaktype heeft een naam."))
    if tenant_name is not None and len(tenant_name.strip()) > 120:
        problems.append(gettext("De naam voor de huurder is te lang (hoogstens 120 tekens)."))
    if description is not None and len(description.strip()) > 300:
        problems.append(gettext("De uitleg voor de huurder is te lang (hoogstens 300 tekens)."))
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})
    case_type.stages, case_type.fields, case_type.routing = stages, fields, routing
    if name is not None:
        case_type.name = name.strip()[:120]
    if tenant_name is not None:
        case_type.tenant_name = tenant_name.strip()
    if description is not None:
        case_type.description = description.strip()
    if portal is not None:
        case_type.portal = portal
    with transaction.atomic():
        case_type.save()
        log_action(
            corporation=case_type.corporation,
            actor=actor,
            action="case.type_updated",
            obj=case_type,
            data={"stages": [s["code"] for s in stages], "fields": [f["code"] for f in fields]},
        )
    return case_type
