"""When a 14-day letter really went out, and the term of art. 6:96 lid 6 BW that starts from it.

An email went out when the provider accepted it; a printed letter when its print batch was handed to the
post, which whoever posts it confirms in the back office. Only then does the dossier get its term
(``Enrollment.letter_term_end``, delivery days included); a letter still in review, withheld or failed has
none, so the costs step can never charge costs for it.
"""

from collections.abc import Collection
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from vangnet.core.audit import log_action
from vangnet.core.clock import today
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.flows.legal.fourteen_day_letter import LEGAL_TEMPLATE_CODES, term_end
from vangnet.flows.models import Enrollment, StepAction
from vangnet.messaging.models import Batch, MessageStatus, OutgoingMessage

WENT_OUT = (MessageStatus.SENT, MessageStatus.DELIVERED)


def fourteen_day_terms_start(*, message_ids: Collection[int], channel: str, sent_on: date) -> int:
    """Give the dossiers of these sent 14-day letters their term, counted from ``sent_on``.

    When a dossier's letter went out more than once (an email and a letter, or a letter to each co-tenant),
    the latest term counts: costs are due only once every copy's term has passed.
    """
    end = term_end(sent_on, channel)
    enrollments = OutgoingMessage.objects.filter(
        pk__in=list(message_ids),
        channel=channel,
        status__in=WENT_OUT,
        template_code__in=LEGAL_TEMPLATE_CODES,
        step_run__step__action=StepAction.FOURTEEN_DAY_LETTER,
    ).values("enrollment_id")
    return (
        Enrollment.objects.filter(pk__in=enrollments)
        .filter(Q(letter_term_end__isnull=True) | Q(letter_term_end__lt=end))
        .update(letter_term_end=end)
    )


@transaction.atomic
def batch_letters_posted(*, batch: Batch, posted_on: date, actor: User | str | None) -> int:
    """Record that the batch's printed letters were handed to the post on ``posted_on``; returns how many."""
    if batch.letters_posted_on is not None:
        raise ApplicationError(_("Voor deze batch is de verzending al bevestigd."))
    if posted_on > today():
        raise ApplicationError(_("De postdatum kan niet in de toekomst liggen."))
    if posted_on < batch.day:
        raise ApplicationError(_("De brieven kunnen niet gepost zijn vóór de dag van de batch."))
    letters = list(
        OutgoingMessage.objects.filter(batch=batch, channel="letter", status__in=WENT_OUT).values_list(
            "pk", flat=True
        )
    )
    if not letters:
        raise ApplicationError(_("Deze batch heeft geen gedrukte brieven."))
    label = actor.get_username() if isinstance(actor, User) else str(actor or "")
    Batch.objects.filter(pk=batch.pk).update(letters_posted_on=posted_on, letters_posted_by=label[:150])
    batch.letters_posted_on, batch.letters_posted_by = posted_on, label[:150]
    terms = fourteen_day_terms_start(message_ids=letters, channel="letter", sent_on=posted_on)
    log_action(
        corporation=batch.corporation,
        actor=actor,
        action="messaging.letters_posted",
        obj=batch,
        data={"posted_on": posted_on.isoformat(), "letters": len(letters), "terms_started": terms},
    )
    return len(letters)
