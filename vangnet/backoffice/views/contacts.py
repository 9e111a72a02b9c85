"""The contact screen for the phone and the counter: identify the tenant (or name someone else), see what
is going on, register the contact, start or continue a case, and leave a task for a colleague, in one go.
The knowledge base suggests answers by the case type and the words typed."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.cases.models import Article, Case, CaseChannel, ContactOutcome
from vangnet.cases.selectors import article_search, case_types, tenant_cases, tenant_contacts
from vangnet.cases.services import case_note_add, case_open, contact_register
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.tasks.models import TaskKind, TaskSource
from vangnet.tasks.services import task_create
from vangnet.tenants.models import Tenant
from vangnet.tenants.selectors import tenant_search

STAFF_CHANNELS = [c for c in CaseChannel.choices if c[0] in {"phone", "counter", "email"}]
MATCHES = 10


def _tenant(value: str | None) -> Tenant | None:
    return Tenant.objects.filter(pk=int(value)).first() if value and value.isdigit() else None


@staff_view(Permission.REGISTER_CONTACTS)
def contact_screen(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET
    tenant = _tenant(query.get("huurder"))
    search = query.get("q", "").strip()[:100]
    types = list(case_types(corporation=request.corporation))
    chosen = next((t for t in types if t.code == query.get("soort")), None)
    words = query.get("woorden", "").strip()[:200]
    context = {
        "search": search,
        "matches": list(tenant_search(query=search)[:MATCHES]) if search and tenant is None else [],
        "tenant": tenant,
        "cases": tenant_cases(tenant=tenant) if tenant else [],
        "contacts": tenant_contacts(tenant=tenant) if tenant else [],
        "types": types,
        "chosen": chosen,
        "words": words,
        "articles": article_search(
            corporation=request.corporation, words=words, case_type=chosen.code if chosen else ""
        )
        if words or chosen
        else [],
        "channels": STAFF_CHANNELS,
        "outcomes": ContactOutcome.choices,
        "guide": chosen.settings.get("guide", []) if chosen else [],
    }
    return render(request, "backoffice/cases/contact.html", context)


@require_POST
@staff_view(Permission.REGISTER_CONTACTS)
def contact_save(request: HtmxHttpRequest) -> HttpResponse:
    post = request.POST
    actor: User = request.user  # type: ignore[assignment]
    tenant = _tenant(post.get("huurder"))
    as_of = clock.today()
    case_type = next(
        (t for t in case_types(corporation=request.corporation) if t.code == post.get("soort")), None
    )
    continued = Case.objects.filter(pk=int(post["zaak"])).first() if post.get("zaak", "").isdigit() else None
    article = (
        Article.objects.filter(pk=int(post["artikel"])).first() if post.get("artikel", "").isdigit() else None
    )
    back = reverse("backoffice:contact_screen") + (f"?huurder={tenant.pk}" if tenant else "")
    try:
        with transaction.atomic():
            case = None
            outcome = post.get("uitkomst", "")
            if case_type is not None:
                case = case_open(
                    case_type=case_type,
                    as_of=as_of,
                    actor=actor,
                    channel=post.get("kanaal", ""),
                    tenant=tenant,
                    party_name=post.get("naam", ""),
                    party_phone=post.get("telefoon", ""),
                    party_email=post.get("email", ""),
                    subject=post.get("onderwerp", ""),
                    answers={f["code"]: post.get(f"antwoord_{f['code']}", "") for f in case_type.fields},
                    guide=post.get("wijzer", ""),
                )
                outcome = ContactOutcome.CASE_OPENED
            elif continued is not None:
                case = continued
                case_note_add(
                    case=case, text=post.get("toelichting", "") or post.get("onderwerp", ""), actor=actor
                )
                outcome = ContactOutcome.CASE_UPDATED
            contact_register(
                corporation=request.corporation,
                channel=post.get("kanaal", ""),
                subject=post.get("onderwerp", ""),
                outcome=outcome,
                notes=post.get("toelichting", ""),
                tenant=tenant,
                party_name=post.get("naam", ""),
                case=case,
                article=article,
                actor=actor,
            )
            follow_up = post.get("taak", "").strip()
            if follow_up:
                task_create(
                    corporation=request.corporation,
                    kind=TaskKind.GENERIC,
                    title=follow_up,
                    due_on=as_of,
                    source=TaskSource.STAFF,
                    tenant=tenant,
                    team=post.get("taak_team", "").strip()[:100],
                    actor=actor,
                )
    except ApplicationError as error:
        messages.error(request, _("Niet vastgelegd: %(reason)s") % {"reason": error.message})
        return redirect(back)
    if case is not None and case_type is not None:
        messages.success(
            request, _("Contact vastgelegd en zaak %(number)s gestart.") % {"number": case.number}
        )
        return redirect("backoffice:case_detail", pk=case.pk)
    messages.success(request, _("Contact vastgelegd."))
    return redirect(back)
