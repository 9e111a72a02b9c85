"""Who is waited for, told: a tenant whose confirmation of a house swap or whose consent to a tenaamstelling
is asked gets a message (the outbox's usual channel for notices, in the tenant's language and tone: the
templates `woningruil-bevestigen` and `toestemming-gevraagd`), and once nobody is waited for any more the
team gets a task to decide, closed when the decision is taken."""

import datetime as dt

from django.utils.translation import gettext

from vangnet.cases.models import Audience, Case
from vangnet.cases.services.common import party_message
from vangnet.core.audit import Actor
from vangnet.messaging.models import MessageTemplate
from vangnet.messaging.template_services import templates_install_defaults
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskSource, TaskStatus
from vangnet.tasks.services import task_create
from vangnet.tenants.models import Tenant

SWAP_CONFIRM_TEMPLATE = "woningruil-bevestigen"
CONSENT_TEMPLATE = "toestemming-gevraagd"


def waiting_notice(
    *, case: Case, tenant: Tenant, template_code: str, as_of: dt.date, actor: Actor
) -> int | None:
    """The message to one tenant who is waited for, noted on the case's timeline for colleagues (the case
    is the starter's: they do not read about messages to others). None when no channel reaches them."""
    if not MessageTemplate.objects.filter(corporation=case.corporation, code=template_code).exists():
        # A corporation set up before this template existed gets it (its own texts are never overwritten).
        templates_install_defaults(corporation=case.corporation)
    return party_message(case, template_code, as_of=as_of, actor=actor, to=tenant, audience=Audience.INTERNAL)


def decision_task_key(case: Case) -> str:
    return f"contracts-decision-{case.pk}"


def decision_task(*, case: Case, what: str, as_of: dt.date, actor: Actor) -> Task:
    """The team's task to decide (once per case, however often it is asked)."""
    return task_create(
        corporation=case.corporation,
        kind=TaskKind.CASE,
        title=gettext("%(what)s %(number)s wacht op een besluit") % {"what": what, "number": case.number},
        description=gettext("Iedereen heeft geantwoord. Beoordeel de aanvraag en neem een besluit."),
        due_on=as_of,
        source=TaskSource.CASE,
        source_key=decision_task_key(case),
        tenant=case.tenant,
        team=case.team,
        priority=TaskPriority.HIGH,
        actor=actor,
    )


def decision_task_done(*, case: Case, outcome: str, now: dt.datetime) -> None:
    Task.objects.filter(
        corporation_id=case.corporation_id, source_key=decision_task_key(case), status=TaskStatus.OPEN
    ).update(status=TaskStatus.DONE, outcome=outcome[:200], completed_at=now)
