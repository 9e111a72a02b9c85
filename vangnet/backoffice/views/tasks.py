"""The work list: tasks from every source, filtered, given to colleagues in bulk, finished with an outcome."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus
from vangnet.tasks.selectors import (
    ASSIGNEE_ME,
    ASSIGNEE_NOBODY,
    DUE_CHOICES,
    TaskFilter,
    assignable_colleagues,
    task_teams,
)
from vangnet.tasks.selectors import (
    task_list as select_tasks,
)
from vangnet.tasks.services import task_complete, tasks_assign

PAGE_SIZE = 50


def _choice(value: str | None, allowed, default: str = "") -> str:
    return value if value is not None and value in allowed else default


def filters_from(query) -> TaskFilter:
    assignee = query.get("wie", "")
    return TaskFilter(
        status=_choice(query.get("status"), TaskStatus.values, TaskStatus.OPEN),
        kind=_choice(query.get("soort"), TaskKind.values),
        team=query.get("team", "")[:100],
        assignee=assignee if assignee in (ASSIGNEE_ME, ASSIGNEE_NOBODY) or assignee.isdigit() else "",
        due=_choice(query.get("termijn"), DUE_CHOICES),
        source=_choice(query.get("bron"), TaskSource.values),
    )


@staff_view(Permission.VIEW_TASKS)
def task_list(request: HtmxHttpRequest) -> HttpResponse:
    as_of = clock.today()
    filters = filters_from(request.GET)
    tasks = select_tasks(filters=filters, user=request.user, as_of=as_of)  # type: ignore[arg-type]
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "as_of": as_of,
        "statuses": TaskStatus.choices,
        "kinds": TaskKind.choices,
        "sources": TaskSource.choices,
        "teams": task_teams(),
        "colleagues": assignable_colleagues(),
        "due_choices": [
            ("te-laat", _("Te laat")),
            ("vandaag", _("Vandaag")),
            ("deze-week", _("Binnen 7 dagen")),
        ],
        "query_string": params.urlencode(),
    }
    return render(request, "backoffice/tasks/list.html", context)


@require_POST
@staff_view(Permission.WORK_TASKS)
def task_assign(request: HtmxHttpRequest) -> HttpResponse:
    task_ids = [int(pk) for pk in request.POST.getlist("taak") if pk.isdigit()]
    who = request.POST.get("medewerker", "")
    team = request.POST.get("team", "")
    assignee = User.objects.filter(pk=int(who)).first() if who.isdigit() else None
    try:
        count = tasks_assign(
            corporation=request.corporation,
            task_ids=task_ids,
            assignee=assignee,
            team=team if team else None,
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)s taken toegewezen.") % {"count": count})
    back = request.POST.get("terug", "")
    return redirect(f"{reverse('backoffice:task_list')}?{back}" if back else reverse("backoffice:task_list"))


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
