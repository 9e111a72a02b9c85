"""Work planned on old facts, withdrawn when the facts change: the sink the flows call when a contract's
arrears are paid or its flow is held (a dispute, an arrangement, a promise, a manual hold).

Everything the dunning planned for such a contract becomes pointless: the open call and visit tasks are
closed as lapsed (a colleague would otherwise ring a tenant who just paid), the reminders still waiting
in the outbox (planned, in review, approved) are cancelled with the reason, and the contract's open pay
links are superseded, so an old link offers what is owed now instead of its old total. Set-based: three
UPDATEs whatever the number of contracts. It writes tasks, outgoing messages and pay links of the dunning
only, and calls nothing above it (docs/development/architecture.md).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.models import Corporation, User
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.payments.links import payment_requests_supersede
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus

# The work the dunning made: calls and house visits from a flow step, a voice message or a returned
# direct debit. Tasks of other sources (a dispute, an arrangement review, a help request) stay.
DUNNING_TASK_KINDS = (TaskKind.CALL, TaskKind.HOUSE_VISIT)
DUNNING_TASK_SOURCES = (TaskSource.FLOW, TaskSource.VOICE, TaskSource.REVERSAL)
# Not yet handed to a provider; a queued message is checked again at send time (messaging/dispatch.py).
NOT_YET_SENT = (MessageStatus.PLANNED, MessageStatus.IN_REVIEW, MessageStatus.APPROVED)


@dataclass
class Withdrawn:
    tasks: int = 0
    messages: int = 0
    links: int = 0

    def __bool__(self) -> bool:
        return bool(self.tasks or self.messages or self.links)


def planned_work_withdraw(
    *,
    corporation: Corporation,
    contract_ids: Sequence[int] | QuerySet,
    why: str,
    actor: User | str | None,
) -> Withdrawn:
    """Closes the dunning's open calls and visits, cancels its unsent reminders and supersedes the pay
    links of these contracts; `why` is what a colleague reads on the task, the message and the link."""
    ids = list(contract_ids)
    if not ids:
        return Withdrawn()
    why = why[:200]
    result = Withdrawn()
    result.tasks = Task.objects.filter(
        corporation=corporation,
        contract_id__in=ids,
        status=TaskStatus.OPEN,
        kind__in=DUNNING_TASK_KINDS,
        source__in=DUNNING_TASK_SOURCES,
    ).update(status=TaskStatus.CANCELLED, outcome=why, completed_at=clock.now())
    result.messages = (
        OutgoingMessage.objects.filter(corporation=corporation, contract_id__in=ids, status__in=NOT_YET_SENT)
        .filter(Q(step_run__isnull=False) | Q(reversal_follow_up__isnull=False))
        .update(status=MessageStatus.CANCELLED, status_reason=why)
    )
    result.links = payment_requests_supersede(corporation=corporation, contract_ids=ids, why=why, actor=actor)
    if result.tasks or result.messages:
        log_action(
            corporation=corporation,
            actor=actor,
            action="flows.planned_work_withdrawn",
            data={"contracts": ids[:50], "tasks": result.tasks, "messages": result.messages, "why": why},
        )
    return result
