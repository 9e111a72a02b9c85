"""The work list: tasks the daily run, the bank and colleagues made, and finishing one with its outcome."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core.errors import ApplicationError
from vangnet.tasks.models import Task, TaskKind, TaskStatus
from vangnet.tasks.selectors import task_list as select_tasks
from vangnet.tasks.services import task_complete

PAGE_SIZE = 50


@staff_view(Permission.VIEW_TASKS)
def task_list(request: HtmxHttpRequest) -> HttpResponse:
    status = request.GET.get("status", TaskStatus.OPEN)
    kind = request.GET.get("soort", "")
    if status not in TaskStatus.values:
        status = TaskStatus.OPEN
    if kind not in TaskKind.values:
        kind = ""
    page = Paginator(select_tasks(status=status, kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "kind": kind,
        "statuses": TaskStatus.choices,
        "kinds": TaskKind.choices,
        "query_string": f"status={status}&soort={kind}",
    }
    return render(request, "backoffice/tasks/list.html", context)


@staff_view(Permission.WORK_TASKS)
def task_done(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    try:
        task = Task.objects.get(pk=pk, corporation=request.corporation)
    except Task.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        try:
            task_complete(task=task, outcome=request.POST.get("uitkomst", ""), actor=request.user)  # type: ignore[arg-type]
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Taak afgerond: %(title)s") % {"title": task.title})
    return redirect("backoffice:task_list")
