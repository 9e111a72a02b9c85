"""Lettings from the allocation system (woonruimteverdeelsysteem): a candidate offered a home, who signs the
contract in the portal (docs/contracts.md). A refusal is a 400 naming every field, and changes nothing."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from vangnet.api.schemas import ErrorOut
from vangnet.contracts.services.letting import letting_create
from vangnet.core import clock
from vangnet.messaging.links import portal_personal_link

router = Router(tags=["lettings"])


class PersonIn(Schema):
    id: str = Field(..., min_length=1, max_length=64, description="the allocation system's person id")
    first_name: str = Field("", max_length=100)
    name_prefix: str = Field("", max_length=20)
    last_name: str = Field(..., min_length=1, max_length=100)
    email: str = Field(..., max_length=254, description="the one-time code to sign goes here")
    phone_mobile: str = Field("", max_length=20)
    birth_date: date | None = None


class LettingIn(Schema):
    reference: str = Field(..., min_length=1, max_length=64, description="the allocation's id; sent once")
    person: PersonIn
    unit_id: str = Field(..., description="the ERP's unit id")
    start_date: date
    rent: Decimal = Field(..., description="monthly net rent (kale huur)")
    service_costs: Decimal = Decimal(0)
    deposit: Decimal = Decimal(0)


class LettingOut(Schema):
    id: int
    reference: str
    status: str
    tenant_id: str
    unit_id: str
    case_number: str
    start_date: date
    portal_link: str


@router.post(
    "/lettings",
    response={201: LettingOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    operation_id="createLetting",
    summary="Offer a home to a candidate: the contract waits for their signature in the portal",
)
def create_letting(request: HttpRequest, payload: LettingIn) -> Status:
    corporation = request.corporation  # type: ignore[attr-defined]
    letting = letting_create(
        corporation=corporation,
        reference=payload.reference,
        person=payload.person.dict(),
        unit_id=payload.unit_id,
        start_date=payload.start_date,
        rent=payload.rent,
        service_costs=payload.service_costs,
        deposit=payload.deposit,
        as_of=clock.today(),
        actor=f"api:{request.auth.name}"[:150],  # type: ignore[attr-defined]
    )
    return Status(
        201,
        LettingOut(
            id=letting.pk,
            reference=letting.reference,
            status=letting.status,
            tenant_id=letting.tenant.source_id,
            unit_id=letting.unit.source_id,
            case_number=letting.case.number if letting.case else "",
            start_date=letting.start_date,
            portal_link=portal_personal_link(corporation_id=corporation.pk, tenant_id=letting.tenant_id),
        ),
    )
