"""Case types managed on screen: names, the portal, each stage's name, term and text for the tenant, the
intake questions' wording and the team, checked by `case_type_update` (every problem named, nothing saved on
one). Managers and administrators. The stages' codes and links stay as the processes need them."""

import copy

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.cases.models import CaseType
from vangnet.cases.services import case_type_update
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User


def _stage_summary(stages: object) -> list[dict]:
    """Each stage as a manager reads it: name, term, the names of the next stages, the tenant's text."""
    if not isinstance(stages, list):
        return []
    valid = [s for s in stages if isinstance(s, dict)]
    names = {s.get("code"): s.get("name") or s.get("code") for s in valid}
    return [
        {
            "name": s.get("name") or s.get("code"),
            "sla_days": s.get("sla_days"),
            "final": bool(s.get("final")),
            "next": [str(names.get(code, code)) for code in s.get("next", []) if isinstance(code, str)],
            "tenant_text": s.get("tenant_text", ""),
        }
        for s in valid
    ]


@staff_view(Permission.MANAGE_CASE_TYPES)
def case_type_list(request: HtmxHttpRequest) -> HttpResponse:
    types = CaseType.objects.filter(corporation=request.corporation).order_by("position", "name")
    return render(request, "backoffice/cases/case_types.html", {"types": types})


def _edited(case_type: CaseType, post: QueryDict) -> tuple[dict, list[dict], list[dict], dict, list[str]]:
    """What the form changes, on copies of the stored definition: the texts and terms a manager words, never
    the codes and links between stages that the processes rely on."""
    problems: list[str] = []
    texts = {key: post.get(key, "")[:300] for key in ("name", "tenant_name", "description")}
    stages = copy.deepcopy(case_type.stages)
    for index, stage in enumerate(stages):
        stage["name"] = post.get(f"stage-{index}-name", stage.get("name", ""))[:120].strip()
        stage["tenant_text"] = post.get(f"stage-{index}-tenant_text", stage.get("tenant_text", ""))[
            :1000
        ].strip()
        days = post.get(f"stage-{index}-sla_days", "").strip()
        if not days:
            stage.pop("sla_days", None)
        elif days.isdigit() and 0 < int(days) <= 365:
            stage["sla_days"] = int(days)
        else:
            problems.append(
                _(
                    "Fase %(name)s: de termijn is een heel aantal dagen, van 1 tot 365, of leeg voor geen termijn."
                )
                % {"name": stage["name"] or stage.get("code", "")}
            )
    fields = copy.deepcopy(case_type.fields)
    for index, field in enumerate(fields):
        field["label"] = post.get(f"field-{index}-label", field.get("label", ""))[:200].strip()
        field["required"] = post.get(f"field-{index}-required") == "on"
    routing = dict(case_type.routing) | {"team": post.get("team", "")[:100].strip()}
    return texts, stages, fields, routing, problems


@staff_view(Permission.MANAGE_CASE_TYPES)
def case_type_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    case_type = CaseType.objects.filter(corporation=request.corporation, pk=pk).first()
    if case_type is None:
        raise Http404
    texts = {
        "name": case_type.name,
        "tenant_name": case_type.tenant_name,
        "description": case_type.description,
    }
    stages, fields, routing = case_type.stages, case_type.fields, case_type.routing
    portal = case_type.portal
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        portal = request.POST.get("portal") == "on"
        texts, stages, fields, routing, problems = _edited(case_type, request.POST)
        if not problems:
            actor: User = request.user  # type: ignore[assignment]
            try:
                case_type_update(
                    case_type=case_type,
                    actor=actor,
                    portal=portal,
                    stages=stages,
                    fields=fields,
                    routing=routing,
                    **texts,
                )
            except ApplicationError as error:
                problems = list(error.extra.get("problems", [error.message]))
            else:
                messages.success(request, _("Zaaktype %(name)s opgeslagen.") % {"name": case_type.name})
                return redirect("backoffice:case_type_edit", pk=case_type.pk)
        status = 400
    context = {
        "case_type": case_type,
        "values": texts | {"portal": portal, "team": routing.get("team", "")},
        "stages": stages,
        "fields": fields,
        "problems": problems,
        "summary": _stage_summary(case_type.stages),
    }
    return render(request, "backoffice/cases/case_type_form.html", context, status=status)
