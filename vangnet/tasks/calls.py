"""A call from the call list and its outcome, with the follow-up each outcome implies.

Reached: done. Not reached: another try the next business day, three tries at most, then the flow's own
letters carry on. Wrong number: the ERP owns contact details, so it gets an event, and the tenant a notice
asking for the right number. Promise made: the promise is registered (phone channel) and the flow waits for
it. Arrangement made or dispute: their forms register them and finish the call with that outcome.

A call is a task; its outcome moves other domains (a promise, a notice, an event), so this module sits on
the readers' rung above them (docs/development/architecture.md), not with the task records.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from vangnet.arrangements.services import promise_register
from vangnet.core.calendar import add_business_days
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.earlysignal.models import ObjectionSource
from vangnet.earlysignal.services import objection_register
from vangnet.events.services import event_publish
from vangnet.messaging.notices import notice_send
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus
from vangnet.tasks.services import task_complete, task_create
from vangnet.tenants.circumstances import circumstance_record
from vangnet.tenants.models import CircumstanceSource

MAX_ATTEMPTS = 3


class CallOutcome(models.TextChoices):
    REACHED = "reached", _("Bereikt")
    NOT_REACHED = "not_reached", _("Niet bereikt")
    PROMISE = "promise", _("Belofte gemaakt")
    ARRANGEMENT = "arrangement", _("Regeling gemaakt")
    DISPUTE = "dispute", _("Geschil")
    WRONG_NUMBER = "wrong_number", _("Verkeerd nummer")


@dataclass(frozen=True)
class CallResult:
    task: Task
    follow_up: Task | None = None
    note: str = ""


def _attempt(task: Task) -> int:
    # Retries are keyed "call-retry:<first task>:<n>", so the count survives the chain of tasks.
    if task.source_key.startswith("call-retry:"):
        return int(task.source_key.rsplit(":", 1)[1])
    return 1


def _first_task_key(task: Task) -> str:
    if task.source_key.startswith("call-retry:"):
        return task.source_key.split(":")[1]
    return str(task.pk)


def call_outcome_register(
    *,
    task: Task,
    outcome: str,
    actor: User,
    as_of: date,
    note: str = "",
    promise_date: date | None = None,
    promise_amount: Decimal | None = None,
    objects_to_sharing: bool = False,
    circumstance_kind: str = "",
    circumstance_since: date | None = None,
) -> CallResult:
    """The outcome of a call; `circumstance_kind` records what the tenant told (a job loss, an illness) as
    a circumstance from the call, from `circumstance_since` (the day of the call when not given)."""
    if task.kind != TaskKind.CALL:
        raise ApplicationError("Dit is geen beltaak.")
    if task.status != TaskStatus.OPEN:
        raise ApplicationError("Deze beltaak is al afgerond.")
    if outcome not in CallOutcome.values:
        raise ApplicationError("Kies een uitkomst van het gesprek.")
    label = str(CallOutcome(outcome).label)
    summary = f"{label}: {note.strip()}" if note.strip() else label
    with transaction.atomic():
        follow_up = None
        extra = ""
        if outcome == CallOutcome.NOT_REACHED:
            follow_up, extra = _retry(task, as_of, actor)
        elif outcome == CallOutcome.WRONG_NUMBER:
            extra = _wrong_number(task, as_of, actor)
        elif outcome == CallOutcome.PROMISE:
            extra = _promise(task, promise_date, promise_amount, as_of, actor)
        if objects_to_sharing and task.tenant is not None:
            # The call script asks whether the tenant objects to the signal to the municipality.
            objection_register(
                tenant=task.tenant, source=ObjectionSource.CALL, as_of=as_of, actor=actor, note=note
            )
            extra += " · bezwaar tegen melden bij de gemeente vastgelegd"
        if circumstance_kind:
            extra += _circumstance(task, circumstance_kind, circumstance_since or as_of, actor)
        done = task_complete(task=task, outcome=f"{summary}{extra}"[:200], actor=actor, call_outcome=outcome)
    return CallResult(done, follow_up, extra.strip(" ·"))


def _circumstance(task: Task, kind_code: str, since: date, actor: User) -> str:
    if task.tenant is None:
        raise ApplicationError(
            "Deze beltaak hoort niet bij een huurder; leg de omstandigheid vast op de huurderskaart."
        )
    recorded = circumstance_record(
        tenant=task.tenant, kind_code=kind_code, starts_on=since, source=CircumstanceSource.CALL, actor=actor
    )
    return f" · omstandigheid vastgelegd: {recorded.kind.name}"


def _retry(task: Task, as_of: date, actor: User) -> tuple[Task | None, str]:
    attempt = _attempt(task)
    if attempt >= MAX_ATTEMPTS:
        return None, f" · {MAX_ATTEMPTS} keer niet bereikt, geen nieuwe poging"
    follow_up = task_create(
        corporation=task.corporation,
        kind=TaskKind.CALL,
        title=f"{task.title.split(' (poging')[0]} (poging {attempt + 1})",
        description=task.description,
        due_on=add_business_days(as_of, 1),
        source=task.source or TaskSource.STAFF,
        source_key=f"call-retry:{_first_task_key(task)}:{attempt + 1}",
        contract=task.contract,
        tenant=task.tenant,
        priority=task.priority,
        team=task.team,
        actor=actor,
    )
    return follow_up, f" · opnieuw bellen op {follow_up.due_on:%d-%m-%Y}"


def _wrong_number(task: Task, as_of: date, actor: User) -> str:
    tenant = task.tenant
    if tenant is None:
        return ""
    event_publish(
        corporation=task.corporation,
        type="tenant.phone_reported_wrong",
        payload={
            "tenant_id": tenant.source_id,
            "phone_mobile": tenant.phone_mobile,
            "phone_home": tenant.phone_home,
            "reported_on": as_of.isoformat(),
            "reported_by": actor.get_username(),
        },
    )
    sent = notice_send(
        tenant=tenant,
        contract=task.contract,
        template_code="telefoonnummer-onjuist",
        as_of=as_of,
        actor=actor,
        preferred=("email", "letter"),
    )
    return " · huurder gevraagd het nummer door te geven" if sent else " · ERP geïnformeerd"


def _promise(task: Task, promised: date | None, amount: Decimal | None, as_of: date, actor: User) -> str:
    if task.contract is None:
        raise ApplicationError(
            "Deze beltaak hoort niet bij een contract; registreer de belofte op de huurderskaart."
        )
    if promised is None or amount is None:
        raise ApplicationError("Vul de datum en het bedrag van de belofte in.")
    promise = promise_register(
        contract=task.contract,
        promised_date=promised,
        amount=amount,
        channel="phone",
        actor=actor,
        as_of=as_of,
    )
    return f" · belofte € {promise.amount} op {promise.promised_date:%d-%m-%Y}"
