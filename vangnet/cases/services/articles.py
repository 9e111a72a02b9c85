"""The knowledge base written by colleagues: articles with a section, an owner and a review date."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from vangnet.cases.models import Article, CaseType
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation

LIMITS = {"title": 200, "section": 100, "keywords": 300, "owner": 150}


def _problems(*, corporation: Corporation, values: dict[str, str], case_types: list[str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not values["title"]:
        problems["title"] = gettext("Vul een titel in.")
    if not values["section"]:
        problems["section"] = gettext("Vul een rubriek in, bijvoorbeeld Beleid of Standaardantwoorden.")
    if not values["body"]:
        problems["body"] = gettext("Vul de tekst van het artikel in.")
    for key, limit in LIMITS.items():
        if len(values[key]) > limit and key not in problems:
            problems[key] = gettext("Te lang: hoogstens %(limit)s tekens.") % {"limit": limit}
    known = set(CaseType.objects.filter(corporation=corporation).values_list("code", flat=True))
    unknown = sorted(set(case_types) - known)
    if unknown:
        problems["case_types"] = gettext("Deze zaaktypen bestaan niet: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    return problems


def article_save(
    *,
    corporation: Corporation,
    actor: Actor,
    title: str,
    section: str,
    body: str,
    keywords: str = "",
    case_types: list[str] | None = None,
    owner: str = "",
    review_on: dt.date | None = None,
    for_tenants: bool = False,
    article: Article | None = None,
) -> Article:
    """A new article, or `article` changed. A review date in the past is allowed: the list shows it as due."""
    if article is not None and article.corporation_id != corporation.pk:
        raise ApplicationError(gettext("Dit artikel hoort bij een andere corporatie."))
    values = {
        "title": (title or "").strip(),
        "section": (section or "").strip(),
        "body": (body or "").strip(),
        "keywords": (keywords or "").strip(),
        "owner": (owner or "").strip(),
    }
    codes = list(dict.fromkeys(code.strip() for code in case_types or [] if code.strip()))
    problems = _problems(corporation=corporation, values=values, case_types=codes)
    if problems:
        raise ApplicationError(" ".join(problems.values()), extra={"fields": problems})
    created = article is None
    article = article or Article(corporation=corporation)
    for key, value in values.items():
        setattr(article, key, value)
    article.case_types, article.review_on, article.for_tenants = codes, review_on, bool(for_tenants)
    with transaction.atomic():
        article.save()
        log_action(
            corporation=corporation,
            actor=actor,
            action="article.created" if created else "article.updated",
            obj=article,
            data={"title": article.title, "section": article.section},
        )
    return article


def article_delete(*, article: Article, actor: Actor) -> None:
    with transaction.atomic():
        log_action(
            corporation=article.corporation,
            actor=actor,
            action="article.deleted",
            obj=article,
            data={"title": article.title, "section": article.section},
        )
        article.delete()
