"""For agencies that pull: their hand-overs as dossiers, and their feedback as rows (docs/handovers.md).

A key linked to an agency (`Agency.api_key`) sees only that agency's open hand-overs; any other key gets 403.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from vangnet.api.schemas import ErrorOut
from vangnet.core import clock
from vangnet.handovers.dossiers import dossiers_for
from vangnet.handovers.models import HANDED_OVER_STATUSES, Agency, Handover
from vangnet.handovers.services import agency_feedback_import

router = Router()


class DossiersOut(Schema):
    agency: str
    as_of: str
    handovers: list[dict[str, Any]]


class FeedbackRowIn(Schema):
    contract_id: str
    datum: str
    soort: str
    bedrag: str = ""
    kenmerk: str = ""
    stadium: str = ""
    ontruimingsdatum: str = ""
    toelichting: str = ""


class FeedbackIn(Schema):
    rows: list[FeedbackRowIn] = Field(description="the same columns as the feedback CSV")


class FeedbackOut(Schema):
    rows: int
    payments_booked: int
    amount_booked: str
    closed: int
    errors: list[dict[str, Any]]


def _agency(request: HttpRequest) -> Agency:
    agency = Agency.objects.filter(api_key=request.auth, active=True).first()  # type: ignore[attr-defined]
    if agency is None:
        raise HttpError(403, "This key does not belong to an agency.")
    return agency


def _open(agency: Agency):
    return Handover.objects.filter(agency=agency, status__in=HANDED_OVER_STATUSES).select_related(
        "contract__unit", "agency", "corporation"
    )


@router.get(
    "/agency/handovers",
    response={200: DossiersOut, 401: ErrorOut, 403: ErrorOut},
    tags=["handovers"],
    operation_id="listAgencyHandovers",
    summary="The agency's open hand-overs as complete dossiers",
)
def list_handovers(request: HttpRequest) -> DossiersOut:
    agency = _agency(request)
    as_of = clock.today()
    return DossiersOut(
        agency=agency.slug,
        as_of=as_of.isoformat(),
        handovers=dossiers_for(list(_open(agency).order_by("pk")), as_of=as_of),
    )


@router.get(
    "/agency/handovers/{handover_id}",
    response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    tags=["handovers"],
    operation_id="getAgencyHandover",
    summary="One dossier by its hand-over number (OV-12)",
)
def get_handover(request: HttpRequest, handover_id: str) -> dict[str, Any]:
    agency = _agency(request)
    number = handover_id.removeprefix("OV-")
    handover = _open(agency).filter(pk=int(number)).first() if number.isdigit() else None
    if handover is None:
        raise Http404(f"No open hand-over {handover_id!r} for this agency.")
    return dossiers_for([handover], as_of=clock.today())[0]


@router.post(
    "/agency/feedback",
    response={200: FeedbackOut, 401: ErrorOut, 403: ErrorOut, 422: FeedbackOut},
    tags=["handovers"],
    operation_id="postAgencyFeedback",
    summary="Payments, costs, stages and closures; one bad row rejects them all (422, with every error)",
)
def post_feedback(request: HttpRequest, payload: FeedbackIn) -> Status:
    agency = _agency(request)
    rows = [row.model_dump() for row in payload.rows]
    result = agency_feedback_import(
        agency=agency,
        rows=rows,
        file_name="api",
        content=request.body,
        as_of=clock.today(),
        actor=f"api:{agency.slug}",
    )
    return Status(422 if result.errors else 200, result.as_dict())
