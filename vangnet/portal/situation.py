"""'Mijn situatie is veranderd': the tenant tells the corporation that something changed in their life.

What changed is one of the corporation's kinds of circumstance (a job loss, a separation, an illness, ...),
recorded with the portal as its source, so the night's run can route the dossier to "Extra aandacht". A
colleague gets a task to get in touch. Health stays out of the data: the kind "ziekte" is as far as it goes;
the page tells the tenant they need not say what they have, and the task's title names no kind, so only
colleagues who may see circumstances see what changed (on the tenant card).
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import task_create
from vangnet.tenants.circumstances import circumstance_record
from vangnet.tenants.models import Circumstance, CircumstanceSource, Tenant

ACTOR = "portal"


def portal_situation_report(
    *, tenant: Tenant, kind_code: str, since: dt.date | None, message: str, as_of: dt.date
) -> tuple[Circumstance, Task]:
    if since is None:
        raise ApplicationError(
            gettext("Vul in sinds wanneer dit zo is."), extra={"fields": {"since": "required"}}
        )
    if since > as_of:
        raise ApplicationError(
            gettext("Deze datum ligt in de toekomst. Kies vandaag of een dag eerder."),
            extra={"fields": {"since": "future"}},
        )
    message = message.strip()[:1000]
    with transaction.atomic():
        circumstance = circumstance_record(
            tenant=tenant, kind_code=kind_code, starts_on=since, source=CircumstanceSource.PORTAL, actor=ACTOR
        )
        description = "\n\n".join(
            part
            for part in (
                "De huurder meldde in het portaal dat de situatie veranderd is. "
                "Bekijk de omstandigheden op de huurderskaart en neem contact op.",
                f"Bericht van de huurder: {message}" if message else "",
            )
            if part
        )
        task = task_create(
            corporation=tenant.corporation,
            kind=TaskKind.HELP_REQUEST,
            title=f"Situatie veranderd: {tenant.display_name}",
            description=description,
            due_on=as_of + dt.timedelta(days=1),
            source=TaskSource.PORTAL,
            # The same report twice (a double tap) is one task.
            source_key=f"portal-situation:{tenant.pk}:{circumstance.pk}",
            tenant=tenant,
            priority=TaskPriority.HIGH,
            actor=ACTOR,
        )
        log_action(
            corporation=tenant.corporation,
            actor=ACTOR,
            action="portal.situation_reported",
            obj=tenant,
            data={"circumstance": circumstance.pk, "task": task.pk},
            tenant_id=tenant.pk,
        )
    return circumstance, task
