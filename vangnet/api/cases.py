"""Cases for other systems: the case types, opening a case, reading cases and moving one to a next stage.

Parties are named by the ERP's own ids (`tenant_id`, `accused_id`, `unit_id`); someone who is not a tenant
is sent as `party`. Refusals are 400 with the reason per field, and change nothing.
"""

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from vangnet.api.schemas import ErrorOut
from vangnet.cases.models import Case, CaseType
from vangnet.cases.selectors import CaseFilters, case_list, case_types
from vangnet.cases.services import case_open, case_transition
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import Unit
from vangnet.tenants.models import Tenant

router = Router(tags=["cases"])
MAX_LIMIT = 200


class StageOut(Schema):
    code: str
    name: str
    tenant_text: str
    sla_days: int | None
    final: bool
    next: list[str]


class FieldOut(Schema):
    code: str
    label: str
    kind: str
    required: bool


class CaseTypeOut(Schema):
    code: str
    kind: str
    name: str
    tenant_name: str
    portal: bool
    open_to_others: bool
    stages: list[StageOut]
    fields: list[FieldOut]


class PartyIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)


class CaseIn(Schema):
    case_type: str = Field(..., description="the type's code, see GET /api/v1/case-types")
    tenant_id: str | None = Field(None, description="the ERP id of the tenant who reports")
    party: PartyIn | None = Field(None, description="someone who is not a tenant (types open to others)")
    accused_id: str | None = Field(None, description="nuisance: the ERP id of the tenant it is about")
    unit_id: str | None = None
    subject: str = Field("", max_length=200)
    answers: dict[str, Any] = Field(default_factory=dict)
    guide: str = Field("", description="repairs: location/element/problem, e.g. keuken/kraan/lekt")
    channel: Literal["api", "phone", "email", "counter"] = "api"


class CaseOut(Schema):
    id: int
    number: str
    case_type: str
    stage: str
    stage_name: str
    status_text: str
    closed: bool
    tenant_id: str | None
    party_name: str
    unit_id: str | None
    subject: str
    category: str
    urgency: str
    team: str
    opened_on: date
    stage_deadline: date | None
    closed_on: date | None
    next_stages: list[str]


class TransitionIn(Schema):
    to: str = Field(..., description="the code of a stage the current stage allows")
    note: str = Field("", max_length=4000)


class CaseFilter(Schema):
    status: Literal["open", "closed", "all"] = "open"
    case_type: str = ""
    tenant_id: str = ""
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def _type_out(case_type: CaseType) -> CaseTypeOut:
    return CaseTypeOut(
        code=case_type.code,
        kind=case_type.kind,
        name=case_type.name,
        tenant_name=case_type.tenant_name,
        portal=case_type.portal,
        open_to_others=case_type.open_to_others,
        stages=[
            StageOut(
                code=s["code"],
                name=s["name"],
                tenant_text=s["tenant_text"],
                sla_days=s.get("sla_days"),
                final=bool(s.get("final")),
                next=s.get("next", []),
            )
            for s in case_type.stages
        ],
        fields=[
            FieldOut(code=f["code"], label=f["label"], kind=f["kind"], required=bool(f.get("required")))
            for f in case_type.fields
        ],
    )


def _case_out(case: Case) -> CaseOut:
    stage = case.case_type.stage(case.stage)
    return CaseOut(
        id=case.pk,
        number=case.number,
        case_type=case.case_type.code,
        stage=case.stage,
        stage_name=stage.get("name", case.stage),
        status_text=stage.get("tenant_text", ""),
        closed=case.closed,
        tenant_id=case.tenant.source_id if case.tenant else None,
        party_name=case.party_name,
        unit_id=case.unit.source_id if case.unit else None,
        subject=case.subject,
        category=case.category,
        urgency=case.urgency,
        team=case.team,
        opened_on=case.opened_on,
        stage_deadline=case.stage_deadline,
        closed_on=case.closed_on,
        next_stages=[] if case.closed else stage.get("next", []),
    )


def _refused(field: str, reason_nl: str, reason_en: str) -> ApplicationError:
    return ApplicationError(
        reason_en, extra={"errors": [{"field": field, "reason_nl": reason_nl, "reason_en": reason_en}]}
    )


def _tenant(source_id: str | None, field: str) -> Tenant | None:
    if not source_id:
        return None
    tenant = Tenant.objects.filter(source_id=source_id).first()
    if tenant is None:
        raise _refused(field, "onbekende huurder", f"No tenant with tenant_id {source_id!r}.")
    return tenant


@router.get(
    "/case-types",
    response={200: list[CaseTypeOut], 401: ErrorOut},
    operation_id="listCaseTypes",
    summary="The corporation's case types with their stages and intake fields",
)
def list_case_types(request: HttpRequest) -> list[CaseTypeOut]:
    return [_type_out(t) for t in case_types(corporation=request.corporation)]  # type: ignore[attr-defined]


@router.get(
    "/cases",
    response={200: list[CaseOut], 401: ErrorOut, 422: ErrorOut},
    operation_id="listCases",
    summary="Cases, open ones first by their stage deadline",
)
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> list[CaseOut]:
    cases = case_list(
        corporation=request.corporation,  # type: ignore[attr-defined]
        filters=CaseFilters(status=filters.status),
        as_of=clock.today(),
    )
    if filters.case_type:
        cases = cases.filter(case_type__code=filters.case_type)
    if filters.tenant_id:
        cases = cases.filter(tenant__source_id=filters.tenant_id)
    return [_case_out(c) for c in cases[: filters.limit]]


@router.post(
    "/cases",
    response={201: CaseOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    operation_id="createCase",
    summary="Open a case for a tenant or another party",
)
def create_case(request: HttpRequest, payload: CaseIn) -> Status:
    corporation = request.corporation  # type: ignore[attr-defined]
    case_type = CaseType.objects.filter(corporation=corporation, code=payload.case_type).first()
    if case_type is None:
        raise _refused("case_type", "onbekend zaaktype", f"No case type {payload.case_type!r}.")
    unit = None
    if payload.unit_id:
        unit = Unit.objects.filter(source_id=payload.unit_id).first()
        if unit is None:
            raise _refused("unit_id", "onbekende eenheid", f"No unit with unit_id {payload.unit_id!r}.")
    tenant = _tenant(payload.tenant_id, "tenant_id")
    if tenant is None and payload.party is None:
        raise _refused("tenant_id", "noem een huurder of een party", "Send tenant_id or party.")
    case = case_open(
        case_type=case_type,
        as_of=clock.today(),
        actor=f"api:{request.auth.name}"[:150],  # type: ignore[attr-defined]
        channel=payload.channel,
        tenant=tenant,
        party_name=payload.party.name if payload.party and tenant is None else "",
        party_email=payload.party.email if payload.party and tenant is None else "",
        party_phone=payload.party.phone if payload.party and tenant is None else "",
        accused=_tenant(payload.accused_id, "accused_id"),
        unit=unit,
        subject=payload.subject,
        answers=payload.answers,
        guide=payload.guide,
    )
    return Status(201, _case_out(Case.objects.select_related("case_type", "tenant", "unit").get(pk=case.pk)))


@router.post(
    "/cases/{int:case_id}/transitions",
    response={200: CaseOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="transitionCase",
    summary="Move a case to a stage its current stage allows",
)
def transition_case(request: HttpRequest, case_id: int, payload: TransitionIn) -> CaseOut:
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise Http404(f"No case with id {case_id}.")
    case = case_transition(
        case=case,
        to=payload.to,
        note=payload.note,
        as_of=clock.today(),
        actor=f"api:{request.auth.name}"[:150],  # type: ignore[attr-defined]
    )
    return _case_out(Case.objects.select_related("case_type", "tenant", "unit").get(pk=case.pk))
