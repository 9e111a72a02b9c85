"""The demo's last weeks: the daily run on earlier days, batches reviewed, calls made.

A demo that starts today would show no calls (no dossier has reached a call step yet) and an empty
communication history. Running a few earlier days, as the corporation's nightly job would have, puts
dossiers at every stage. The calls of the oldest days are finished with deterministic outcomes, so the call
list shows last contacts; the last four weeks' calls are still open (CALLS_STILL_OPEN_DAYS).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_scopes import scope

from vangnet.core import clock
from vangnet.core.models import Corporation, User
from vangnet.daily.services import day_run
from vangnet.demo.handovers import demo_handovers_day
from vangnet.messaging.models import Batch, BatchStatus, MessageStatus, OutgoingMessage
from vangnet.messaging.posting import batch_letters_posted
from vangnet.messaging.services import batch_approve
from vangnet.tasks.models import Task, TaskKind, TaskStatus

# Weekly runs from eight weeks back, so the strictest flows reach their 14-day letter, its term and the
# hand-over proposal (demo/handovers.py); then every day of the last four weeks, as the nightly job runs (a
# weekly run catches steps up and skips calls). The arrears of the import enter on the first day.
HISTORY_DAYS = (56, 49, 42, 35, *range(28, 0, -1))
# Calls due more than this many days before the demo day were made; the later ones are still open. Rent is
# due on the first, so the flows' calls and the returned direct debits' calls come in one monthly wave
# (between the 5th and the 20th): only a window of about four weeks fills the call list on every morning of
# the month, the first days of a month included, whatever day the demo is started on.
CALLS_STILL_OPEN_DAYS = 27
# (what the colleague wrote, the outcome's code as `tasks.calls.CallOutcome` keeps it for the work report)
CALL_OUTCOMES = (
    ("Niet bereikt", "not_reached"),
    ("Bereikt: betaalt deze maand in twee keer", "reached"),
    ("Niet bereikt, voicemail ingesproken", "not_reached"),
    ("Bereikt: inkomen is gedaald, doorverwezen naar schuldhulp", "reached"),
)


def demo_history_run(
    *, corporation: Corporation, as_of: date, reviewer: User, actor: str, manager: User | None = None
) -> int:
    """Runs the earlier days; returns how many calls were made in them.

    Each night's batch is reviewed before the next night runs, stamped with its own day; the newest batch
    is left for the morning (`demo_batches_review_all_but_newest` after today's run)."""
    calls = 0
    for days_back in HISTORY_DAYS:
        day = as_of - timedelta(days=days_back)
        _batches_review(corporation, reviewer, before=day)
        # Each past night is stamped with its own day, as it would have been when it ran.
        with clock.moved_to(day):
            day_run(corporation=corporation, as_of=day, actor=actor)
            if days_back > CALLS_STILL_OPEN_DAYS:
                # The last days' calls are still to be made: the call list of the morning.
                with scope(corporation=corporation):
                    calls += _finish_calls(corporation, day, reviewer)
        if manager is not None:
            demo_handovers_day(
                corporation=corporation, day=day, days_back=days_back, as_of=as_of, manager=manager
            )
    return calls


def demo_batches_review_all_but_newest(*, corporation: Corporation, reviewer: User) -> None:
    """Approves every batch waiting for review except the newest day's: the morning's review."""
    with scope(corporation=corporation):
        newest = (
            Batch.objects.filter(corporation=corporation, status=BatchStatus.IN_REVIEW)
            .order_by("-day")
            .values_list("day", flat=True)
            .first()
        )
    if newest is not None:
        _batches_review(corporation, reviewer, before=newest)


def _batches_review(corporation: Corporation, reviewer: User, *, before: date) -> None:
    with scope(corporation=corporation):
        waiting = list(
            Batch.objects.filter(
                corporation=corporation, status=BatchStatus.IN_REVIEW, day__lt=before
            ).order_by("day", "pk")
        )
        for batch in waiting:
            # Reviewed in the afternoon of its own day, as the team would have.
            with clock.moved_to(batch.day):
                batch_approve(batch=batch, actor=reviewer)
                # The post room hands the printed letters to the post the same day and confirms it, so the
                # demo's 14-day letters get their terms (and, unpaid, their costs).
                printed = OutgoingMessage.objects.filter(
                    batch=batch, channel="letter", status__in=(MessageStatus.SENT, MessageStatus.DELIVERED)
                )
                if printed.exists():
                    batch_letters_posted(batch=batch, posted_on=batch.day, actor=reviewer)


def _finish_calls(corporation: Corporation, day: date, reviewer: User) -> int:
    done_at = timezone.make_aware(datetime.combine(day, time(11)))
    open_calls = list(
        Task.objects.filter(
            corporation=corporation, kind=TaskKind.CALL, status=TaskStatus.OPEN, due_on__lte=day
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for index, (outcome, code) in enumerate(CALL_OUTCOMES):
        # One UPDATE per outcome, whatever the number of calls.
        Task.objects.filter(pk__in=open_calls[index :: len(CALL_OUTCOMES)]).update(
            status=TaskStatus.DONE,
            outcome=outcome,
            call_outcome=code,
            completed_at=done_at,
            assigned_to=reviewer,
        )
    return len(open_calls)
