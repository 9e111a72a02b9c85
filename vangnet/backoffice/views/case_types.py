"""Case types managed on screen: names, the portal, and the stages, intake questions and routing as JSON,
checked by `case_type_update` (every problem named, nothing saved on one). Managers and administrators."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.cases.models import CaseType
from vangnet.cases.services import case_type_update
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User

PARTS = ("stages", "fields", "routing")


def _pretty(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


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


def _labels() -> dict[str, str]:
    return {"stages": _("Fasen"), "fields": _("Vragen bij het melden"), "routing": _("Routering")}


@staff_view(Permission.MANAGE_CASE_TYPES)
def case_type_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    case_type = CaseType.objects.filter(corporation=request.corporation, pk=pk).first()
    if case_type is None:
        raise Http404
    texts = {
        "name": case_type.name,
        "tenant_name": case_type.tenant_name,
        "description": case_type.description,
    } | {part: _pretty(getattr(case_type, part)) for part in PARTS}
    portal = case_type.portal
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        post = request.POST
        texts = {key: post.get(key, "")[:300] for key in ("name", "tenant_name", "description")}
        texts |= {part: post.get(part, "")[:50000] for part in PARTS}
        portal = post.get("portal") == "on"
        parsed: dict[str, object] = {}
        for part, label in _labels().items():
            try:
                parsed[part] = json.loads(texts[part])
            except ValueError as error:
                problems.append(
                    _("%(part)s: dit is geen geldige JSON (regel %(line)s, kolom %(column)s).")
                    % {
                        "part": label,
                        "line": getattr(error, "lineno", 1),
                        "column": getattr(error, "colno", 1),
                    }
                )
        if not problems:
            actor: User = request.user  # type: ignore[assignment]
            try:
                case_type_update(
                    case_type=case_type,
                    actor=actor,
                    name=texts["name"],
                    tenant_name=texts["tenant_name"],
                    description=texts["description"],
                    portal=portal,
                    stages=parsed["stages"],  # type: ignore[arg-type]
                    fields=parsed["fields"],  # type: ignore[arg-type]
                    routing=parsed["routing"],  # type: ignore[arg-type]
                )
            except ApplicationError as error:
                problems = list(error.extra.get("problems", [error.message]))
            else:
                messages.success(request, _("Zaaktype %(name)s opgeslagen.") % {"name": case_type.name})
                return redirect("backoffice:case_type_edit", pk=case_type.pk)
        status = 400
    context = {
        "case_type": case_type,
        "values": texts | {"portal": portal},
        "problems": problems,
        "summary": _stage_summary(case_type.stages),
        "labels": _labels(),
    }
    return render(request, "backoffice/cases/case_type_form.html", context, status=status)
