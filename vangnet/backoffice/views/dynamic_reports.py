"""Dynamic reports in the back office: build one from the catalogue, see its table and chart, download it,
save it for yourself or the team, and put it on the start screen as a tile."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.forms.dynamic_reports import DynamicReportForm, SaveReportForm, filter_rows_changed
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.backoffice.views.reports import BAR_STEP, EXPORTS, bars, report_chart
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.selectors import colleague_teams
from vangnet.reports.base import ReportResult
from vangnet.reports.exports import CONTENT_TYPES, report_export
from vangnet.reports.models import SavedReport
from vangnet.reports.selectors import dynamic_report, saved_report_get, saved_report_result
from vangnet.reports.services import saved_report_create, saved_report_delete, saved_report_set_tile


def _svg_chart(result: ReportResult) -> dict[str, Any]:
    column = result.columns[0]
    chart = bars(result, column.key)
    return {"chart": chart, "chart_column": column, "chart_height": 20 + BAR_STEP * len(chart)}


def _page_chart(result: ReportResult, name: str, query: str) -> dict[str, Any]:
    return report_chart(result, result.columns[0], name, query)


def _download(result: ReportResult, export: str, name: str) -> HttpResponse | None:
    if export == "svg":
        chart = _svg_chart(result)
        content = render_to_string(
            "backoffice/reports/chart.svg",
            {
                "result": result,
                "chart": chart["chart"],
                "column": chart["chart_column"],
                "height": chart["chart_height"],
            },
        ).encode("utf-8")
        content_type = "image/svg+xml"
    elif export in EXPORTS:
        content, content_type = report_export(result, export), CONTENT_TYPES[export]
    else:
        return None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
    return response


def _query(request: HtmxHttpRequest) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()


@staff_view(Permission.VIEW_REPORTS)
def dynamic_builder(request: HtmxHttpRequest) -> HttpResponse:
    changed = filter_rows_changed(request.GET)
    if changed is not None:
        # "Filter toevoegen" or "Verwijder": the same page with one filter row more or less.
        return redirect(f"{request.path}?{changed.urlencode()}")
    if set(request.GET) <= {"subject"}:
        # The first visit, or a subject just chosen: its dimensions and measures, nothing computed yet.
        form = DynamicReportForm(subject_key=request.GET.get("subject", ""))
    else:
        form = DynamicReportForm(request.GET)
    context: dict[str, Any] = {
        "form": form,
        "exports": EXPORTS,
        "save_form": SaveReportForm(),
        "teams": colleague_teams(corporation=request.corporation, user=request.user),
    }
    if not form.is_bound:
        return render(request, "backoffice/reports/dynamic.html", context)
    if not form.is_valid():
        return render(request, "backoffice/reports/dynamic.html", context, status=400)
    try:
        result = dynamic_report(
            corporation=request.corporation,
            data=form.spec,
            as_of=clock.today(),
            user=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        # Only my teams, for a colleague in no team.
        context["error"] = error.message
        return render(request, "backoffice/reports/dynamic.html", context, status=400)
    download = _download(result, request.GET.get("format", ""), f"rapport-{form.spec['subject']}")
    if download is not None:
        return download
    query = _query(request)
    name = f"rapport-{form.spec['subject']}"
    context |= {"result": result, "query": query, **_page_chart(result, name, query)}
    return render(request, "backoffice/reports/dynamic.html", context)


@require_POST
@staff_view(Permission.VIEW_REPORTS)
def dynamic_save(request: HtmxHttpRequest) -> HttpResponse:
    """Save the choice in the query string (checked again) with the title and audience of the form."""
    form = DynamicReportForm(request.GET)
    save_form = SaveReportForm(request.POST)
    context: dict[str, Any] = {
        "form": form,
        "exports": EXPORTS,
        "save_form": save_form,
        "teams": colleague_teams(corporation=request.corporation, user=request.user),
    }
    if not form.is_valid() or not save_form.is_valid():
        if form.is_valid():
            try:
                result = dynamic_report(
                    corporation=request.corporation,
                    data=form.spec,
                    as_of=clock.today(),
                    user=request.user,  # type: ignore[arg-type]
                )
            except ApplicationError as error:
                context["error"] = error.message
            else:
                query = _query(request)
                name = f"rapport-{form.spec['subject']}"
                context |= {"result": result, "query": query, **_page_chart(result, name, query)}
        return render(request, "backoffice/reports/dynamic.html", context, status=400)
    try:
        saved = saved_report_create(
            corporation=request.corporation,
            title=save_form.cleaned_data["title"],
            spec=form.spec,
            shared=save_form.cleaned_data["shared"],
            on_start=save_form.cleaned_data["on_start"],
            schedule=save_form.cleaned_data["schedule"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, "backoffice/reports/dynamic.html", context, status=400)
    messages.success(request, _("Het rapport is opgeslagen."))
    return redirect("backoffice:saved_report", saved.pk)


def _saved(request: HtmxHttpRequest, pk: int) -> SavedReport:
    try:
        return saved_report_get(corporation=request.corporation, user=request.user, pk=pk)  # type: ignore[arg-type]
    except ApplicationError as error:
        raise Http404(error.message) from error


@staff_view(Permission.VIEW_REPORTS)
def saved_report(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    report = _saved(request, pk)
    context: dict[str, Any] = {"saved": report, "exports": EXPORTS, "query": ""}
    try:
        result = saved_report_result(report=report, as_of=clock.today(), user=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, "backoffice/reports/saved.html", context)
    download = _download(result, request.GET.get("format", ""), f"rapport-{report.pk}")
    if download is not None:
        return download
    context |= {"result": result, **_page_chart(result, f"rapport-{report.pk}", "")}
    return render(request, "backoffice/reports/saved.html", context)


@require_POST
@staff_view(Permission.VIEW_REPORTS)
def saved_report_tile(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    report = _saved(request, pk)
    on_start = request.POST.get("on_start") == "1"
    try:
        saved_report_set_tile(report=report, on_start=on_start, actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("backoffice:saved_report", report.pk)
    if on_start:
        messages.success(request, _("Het rapport staat nu als tegel op uw startscherm."))
    else:
        messages.success(request, _("De tegel is van uw startscherm gehaald."))
    return redirect("backoffice:saved_report", report.pk)


@require_POST
@staff_view(Permission.VIEW_REPORTS)
def saved_report_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    report = _saved(request, pk)
    try:
        saved_report_delete(report=report, actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("backoffice:saved_report", report.pk)
    messages.success(request, _("Het rapport is verwijderd."))
    return redirect("backoffice:report_list")
