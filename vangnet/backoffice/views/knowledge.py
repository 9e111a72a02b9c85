"""The knowledge base: every colleague who takes calls reads it (by section, or by the words searched);
managers and administrators write it. Articles whose review date has come are marked "Controleren"."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.cases.models import Article
from vangnet.cases.selectors import case_types, knowledge_base
from vangnet.cases.services import article_delete, article_save
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User

TEXT_FIELDS = ("title", "section", "body", "keywords", "owner")


def _article_or_404(request: HtmxHttpRequest, pk: int) -> Article:
    article = Article.objects.filter(corporation=request.corporation, pk=pk).first()
    if article is None:
        raise Http404
    return article


@staff_view(Permission.REGISTER_CONTACTS)
def knowledge_list(request: HtmxHttpRequest) -> HttpResponse:
    words = request.GET.get("q", "").strip()[:200]
    names = {t.code: t.name for t in case_types(corporation=request.corporation)}
    sections = knowledge_base(corporation=request.corporation, words=words)
    for section in sections:
        for article in section.articles:
            article.type_labels = [names.get(code, code) for code in article.case_types]  # type: ignore[attr-defined]
    context = {
        "words": words,
        "sections": sections,
        "as_of": clock.today(),
        "can_manage": has_permission(request.membership, Permission.MANAGE_KNOWLEDGE),  # type: ignore[attr-defined]
    }
    return render(request, "backoffice/cases/knowledge.html", context)


def _values(article: Article | None) -> dict:
    if article is None:
        return {key: "" for key in TEXT_FIELDS} | {"case_types": [], "review_on": "", "for_tenants": False}
    return {key: getattr(article, key) for key in TEXT_FIELDS} | {
        "case_types": list(article.case_types),
        "review_on": article.review_on.isoformat() if article.review_on else "",
        "for_tenants": article.for_tenants,
    }


def _edit(request: HtmxHttpRequest, article: Article | None) -> HttpResponse:
    values = _values(article)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        post = request.POST
        values = {key: post.get(key, "")[: 20000 if key == "body" else 400] for key in TEXT_FIELDS} | {
            "case_types": post.getlist("case_types"),
            "review_on": post.get("review_on", "").strip(),
            "for_tenants": post.get("for_tenants") == "on",
        }
        review_on = None
        if values["review_on"]:
            try:
                review_on = dt.date.fromisoformat(values["review_on"])
            except ValueError:
                errors["review_on"] = _("Vul een geldige datum in, bijvoorbeeld 2027-01-31.")
        if not errors:
            try:
                saved = article_save(
                    corporation=request.corporation,
                    actor=request.user,  # type: ignore[arg-type]
                    article=article,
                    title=values["title"],
                    section=values["section"],
                    body=values["body"],
                    keywords=values["keywords"],
                    owner=values["owner"],
                    case_types=values["case_types"],
                    review_on=review_on,
                    for_tenants=values["for_tenants"],
                )
            except ApplicationError as error:
                errors = error.extra.get("fields", {}) or {"title": error.message}
            else:
                messages.success(request, _("Artikel %(title)s opgeslagen.") % {"title": saved.title})
                return redirect("backoffice:knowledge_list")
        status = 400
    context = {
        "article": article,
        "values": values,
        "errors": errors,
        "types": list(case_types(corporation=request.corporation)),
    }
    return render(request, "backoffice/cases/article_form.html", context, status=status)


@staff_view(Permission.MANAGE_KNOWLEDGE)
def article_new(request: HtmxHttpRequest) -> HttpResponse:
    return _edit(request, None)


@staff_view(Permission.MANAGE_KNOWLEDGE)
def article_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, _article_or_404(request, pk))


@require_POST
@staff_view(Permission.MANAGE_KNOWLEDGE)
def article_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    actor: User = request.user  # type: ignore[assignment]
    article_delete(article=article, actor=actor)
    messages.success(request, _("Artikel %(title)s verwijderd.") % {"title": article.title})
    return redirect("backoffice:knowledge_list")
