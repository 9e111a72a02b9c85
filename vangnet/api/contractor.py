"""Work orders for contractors' own systems, under /api/v1/contractor/, with the contractor's key
(`Authorization: Bearer vk-...`). A key sees only its own contractor's work orders, with what the personal
link shows (address, problem, the tenant's description and phone; never the tenant's name or e-mail).

The appointment is booked in the contractor's agenda: `GET .../slots` lists the free slots, `POST .../slot`
books one (the tenant confirms it in the portal or picks another), `POST .../done` reports the work done
once the tenant confirmed. Refusals are 400 with the reason per field, and change nothing.
"""

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from vangnet.api.auth import ContractorKeyAuth
from vangnet.api.schemas import ErrorOut
from vangnet.cases.models import Contractor, WorkOrder
from vangnet.cases.orders import OPEN_STATUSES, contractor_view, contractor_work_orders, free_moments
from vangnet.cases.services import work_order_done, work_order_pick
from vangnet.core import clock

router = Router(tags=["contractor"], auth=ContractorKeyAuth())


class WorkOrderOut(Schema):
    number: str
    status: str = Field(
        ..., description="issued, proposed (a slot picked, the tenant confirms), confirmed, done"
    )
    issued_on: dt.date
    address: str
    problem: str
    description: str
    urgency: str
    phone: str = Field(..., description="the tenant's phone for the appointment")
    deadline: dt.date | None
    instructions: str
    appointment: dt.datetime | None
    done_at: dt.datetime | None
    hours: Decimal | None


class SlotIn(Schema):
    start: dt.datetime = Field(..., description="one of the free slots, ISO 8601 with the offset")


class DoneIn(Schema):
    notes: str = Field(..., max_length=4000, description="what was done")
    hours: str = Field(
        ..., max_length=10, description='hours worked, e.g. "1.5" or "1,5" (more than 0, at most 100)'
    )


def _contractor(request: HttpRequest) -> Contractor:
    return request.contractor  # type: ignore[attr-defined]


def _out(work_order: WorkOrder) -> WorkOrderOut:
    view = contractor_view(work_order, full=False)
    return WorkOrderOut(
        number=work_order.number,
        status=work_order.status,
        issued_on=work_order.issued_on,
        address=view.address,
        problem=view.problem,
        description=view.description,
        urgency=work_order.case.urgency,
        phone=view.phone,
        deadline=view.deadline,
        instructions=work_order.instructions,
        appointment=work_order.appointment,
        done_at=work_order.done_at,
        hours=work_order.hours,
    )


def _order(request: HttpRequest, number: str) -> WorkOrder:
    found = [o for o in contractor_work_orders(contractor=_contractor(request), number=number)]
    if not found:
        raise Http404(f"No work order {number!r} of this contractor.")
    return found[0]


@router.get(
    "/contractor/work-orders",
    response={200: list[WorkOrderOut], 401: ErrorOut},
    operation_id="listContractorWorkOrders",
    summary="The contractor's open work orders (issued, slot picked, confirmed), oldest first",
)
def list_work_orders(request: HttpRequest) -> list[WorkOrderOut]:
    orders = contractor_work_orders(contractor=_contractor(request), statuses=OPEN_STATUSES)
    return [_out(o) for o in orders]


@router.get(
    "/contractor/work-orders/{number}",
    response={200: WorkOrderOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="getContractorWorkOrder",
    summary="One work order of the contractor (also a done or cancelled one)",
)
def get_work_order(request: HttpRequest, number: str) -> WorkOrderOut:
    return _out(_order(request, number))


@router.get(
    "/contractor/work-orders/{number}/slots",
    response={200: list[dt.datetime], 401: ErrorOut, 404: ErrorOut},
    operation_id="listContractorSlots",
    summary="The free slots of the contractor's agenda to pick for this work order (six weeks ahead)",
)
def list_slots(request: HttpRequest, number: str) -> list[dt.datetime]:
    work_order = _order(request, number)
    return free_moments(work_order) if work_order.status in ("issued", "proposed") else []


@router.post(
    "/contractor/work-orders/{number}/slot",
    response={200: WorkOrderOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="pickContractorSlot",
    summary="Books a free slot for the work order; the tenant confirms it in the portal or picks another",
)
def pick_slot(request: HttpRequest, number: str, payload: SlotIn) -> WorkOrderOut:
    work_order = _order(request, number)
    picked = work_order_pick(work_order=work_order, start=payload.start, as_of=clock.today())
    return _out(_order(request, picked.number))


@router.post(
    "/contractor/work-orders/{number}/done",
    response={200: WorkOrderOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="reportContractorDone",
    summary="Reports the work done (after the tenant confirmed the appointment): notes and hours",
)
def report_done(request: HttpRequest, number: str, payload: DoneIn) -> WorkOrderOut:
    work_order = _order(request, number)
    work_order_done(work_order=work_order, notes=payload.notes, hours=payload.hours, as_of=clock.today())
    return _out(_order(request, number))
