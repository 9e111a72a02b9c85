"""What the flows do the moment money moves outside the daily run, for the domains that book it.

Payments and the bank import call these sinks right after their booking commits: a contract whose arrears
are paid leaves its flow at once (`enrollments_reevaluate`), and a returned direct debit gets the follow-up
its reason code asks for (`reversals_follow_up`, the same work as the run's reversals phase). Both write the
flows' own records only and call no other domain; the daily run repeats them as a safety net.
"""

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from vangnet.core.audit import log_action
from vangnet.core.models import Corporation, User
from vangnet.flows.engine.context import RunContext, policy_for
from vangnet.flows.engine.events import close_enrollments
from vangnet.flows.engine.report import RunReport
from vangnet.flows.engine.reversals import follow_up_reversals
from vangnet.flows.models import OPEN_STATUSES, CloseReason, Enrollment
from vangnet.flows.withdrawals import planned_work_withdraw
from vangnet.ledger.services.standing import refresh_standings
from vangnet.payments.links import payment_requests_supersede


def enrollments_reevaluate(
    *,
    corporation: Corporation,
    contract_ids: Sequence[int],
    as_of: date,
    actor: User | str | None,
    standings_fresh: bool = False,
) -> int:
    """After money arrived for these contracts: fresh standings, and flows whose arrears are gone close now.

    Called by payments and the bank import so dunning stops the same second, not the next night: what the
    dunning planned for a contract that is paid now (calls, visits, unsent reminders) is withdrawn, and every
    open pay link of these contracts is superseded, since the amount owed changed. `standings_fresh`: the
    caller refreshed these contracts' standings as of `as_of` in the transaction that booked the money (the
    bank import does), so they are not computed twice.
    """
    if not contract_ids:
        return 0
    with transaction.atomic():
        if not standings_fresh:
            refresh_standings(corporation=corporation, as_of=as_of, contract_ids=contract_ids)
        payment_requests_supersede(
            corporation=corporation,
            contract_ids=contract_ids,
            why="Er is betaald: het bedrag dat openstaat is veranderd.",
            actor=actor,
        )
        ctx = RunContext(
            corporation=corporation,
            as_of=as_of,
            policy=policy_for(corporation),
            report=RunReport(corporation=corporation.slug, as_of=as_of, dry_run=False),
        )
        paid = Enrollment.objects.filter(
            corporation=corporation,
            contract_id__in=list(contract_ids),
            status__in=OPEN_STATUSES,
            contract__standing__overdue_amount__lte=0,
        )
        paid_contracts = list(paid.values_list("contract_id", flat=True))
        closed = close_enrollments(
            ctx, paid, reason=CloseReason.PAID, why="Betaling ontvangen: niets meer open dat vervallen is."
        )
        planned_work_withdraw(
            corporation=corporation,
            contract_ids=paid_contracts,
            why="De achterstand is betaald.",
            actor=actor,
        )
        if closed:
            log_action(
                corporation=corporation,
                actor=actor,
                action="flows.enrollments_closed_by_payment",
                data={"contracts": list(contract_ids)[:50], "closed": closed},
            )
    return closed


def reversals_follow_up(*, corporation: Corporation, as_of: date, actor: User | str | None) -> int:
    """The follow-up of returned direct debits booked since the last look, right after a bank statement."""
    report = RunReport(corporation=corporation.slug, as_of=as_of, dry_run=False)
    with transaction.atomic():
        ctx = RunContext(corporation=corporation, as_of=as_of, policy=policy_for(corporation), report=report)
        follow_up_reversals(ctx)
        if report.reversals_followed_up:
            log_action(
                corporation=corporation,
                actor=actor,
                action="flows.reversals_followed_up",
                data={"count": report.reversals_followed_up, "tasks": report.tasks_created},
            )
    return report.reversals_followed_up
