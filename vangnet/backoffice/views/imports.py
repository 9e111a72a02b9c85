from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.selectors import (
    import_counts,
    import_errors,
    import_run_get,
    import_run_list,
    import_warnings,
)
from vangnet.ledger.models import ImportRun

RUNS_PER_PAGE = 50
PROBLEMS_PER_PAGE = 200


@staff_view(Permission.VIEW_IMPORTS)
def import_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(import_run_list(), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(run, import_counts(run)) for run in page]
    return render(request, "backoffice/imports/list.html", {"page": page, "rows": rows})


@staff_view(Permission.VIEW_IMPORTS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        run = import_run_get(pk=pk)
    except ImportRun.DoesNotExist:
        raise Http404 from None
    errors = Paginator(import_errors(run), PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"run": run, "counts": import_counts(run), "errors": errors, "warnings": import_warnings(run)}
    return render(request, "backoffice/imports/detail.html", context)
