"""Read-only reports for the corporation's own BI (Power BI, Excel): the standard reports as JSON or CSV,
the same rows and totals as the back office and `vangnet report`."""

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from vangnet.api.schemas import ErrorOut
from vangnet.core.clock import today
from vangnet.reports.exports import CONTENT_TYPES, report_csv
from vangnet.reports.registry import REPORTS
from vangnet.reports.selectors import SavedReportMissing, report_compute, shared_report_result

router = Router(tags=["reports"])


class ReportListed(Schema):
    name: str
    title: str
    default_by: str
    dimensions: list[str]
    # Whether `?team=` applies (the report's rows belong to a team).
    teams: bool


class ReportParams(Schema):
    by: str | None = None
    as_of: date | None = None
    period_from: date | None = None
    # Only the rows of these teams (repeat for several: ?team=Incasso&team=Klantcontact); for reports whose
    # rows belong to a team (disputes, work).
    team: list[str] | None = None
    format: Literal["json", "csv"] = "json"


class ReportOut(Schema):
    report: str
    title: str
    as_of: date
    by: str
    period: list[date] | None
    columns: list[dict[str, str]]
    rows: list[dict[str, Any]]
    totals: dict[str, Any]


@router.get("/reports", response={200: list[ReportListed], 401: ErrorOut}, operation_id="listReports")
def list_reports(request: HttpRequest) -> list[ReportListed]:
    """The reports and the dimensions each can be grouped by."""
    return [
        ReportListed(
            name=report.name,
            title=str(report.title),
            default_by=report.default_by,
            dimensions=[dimension.key for dimension in report.dimensions],
            teams=report.has_teams,
        )
        for report in REPORTS.values()
    ]


class DynamicParams(Schema):
    as_of: date | None = None
    format: Literal["json", "csv"] = "json"


@router.get(
    "/reports/dynamic/{report_id}",
    response={200: ReportOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="getDynamicReport",
    summary="A dynamic report saved for the team: its rows and totals (JSON), or the table as CSV (?format=csv)",
)
def get_dynamic_report(request: HttpRequest, report_id: int, params: Query[DynamicParams]) -> Any:
    try:
        result = shared_report_result(
            corporation=request.corporation,  # type: ignore[attr-defined]
            pk=report_id,
            as_of=params.as_of or today(),
        )
    except SavedReportMissing as missing:
        raise Http404(missing.message) from missing
    if params.format == "csv":
        response = HttpResponse(report_csv(result), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="dynamic-{report_id}.csv"'
        return response
    return result.as_json()


@router.get(
    "/reports/{name}",
    response={200: ReportOut, 400: ErrorOut, 401: ErrorOut},
    operation_id="getReport",
    summary="One report: rows per group and the totals (JSON), or the same table as CSV (?format=csv)",
)
def get_report(request: HttpRequest, name: str, params: Query[ReportParams]) -> Any:
    result = report_compute(
        corporation=request.corporation,  # type: ignore[attr-defined]
        name=name,
        by=params.by,
        as_of=params.as_of or today(),
        period_start=params.period_from,
        teams=params.team,
    )
    if params.format == "csv":
        response = HttpResponse(report_csv(result), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{result.name}-{result.dimension.key}.csv"'
        return response
    return result.as_json()
