"""A colleague's counter-offer on a tenant's request outside the rules, and the tenant accepting it.

The request stays requested (it still counts as the contract's one running arrangement) with the offered
schedule in place of the proposed one; the proposal itself stays in the audit log. The tenant sees the
offer in the portal and accepts it there: then it is active, the flow holds at once and the tenant gets the
schedule, as after an approval.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment
from vangnet.arrangements.payloads import arrangement_payload
from vangnet.arrangements.schedule import installment_schedule
from vangnet.arrangements.services.common import check_start, notify_after_commit
from vangnet.arrangements.services.decisions import (
    arrangement_took_effect,
    close_review_task,
    locked_for_decision,
)
from vangnet.arrangements.services.making import STAFF_START_WITHIN
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.events.services import event_publish
from vangnet.ledger.selectors import contract_main_tenant


def arrangement_counter_offer(
    *, arrangement: Arrangement, count: int, start_date: date, note: str, actor: User | str, as_of: date
) -> Arrangement:
    """Offers the tenant another schedule for the same total; `note` tells the tenant why (required)."""
    if not note.strip():
        raise ApplicationError(
            gettext("Schrijf kort op waarom u een ander voorstel doet."), extra={"field": "note"}
        )
    check_start(start_date, as_of, STAFF_START_WITHIN)
    with transaction.atomic():
        arrangement = locked_for_decision(
            arrangement,
            (ArrangementStatus.REQUESTED,),
            gettext("Alleen op een aangevraagde regeling kunt u een tegenvoorstel doen."),
        )
        schedule = installment_schedule(total=arrangement.total_amount, start=start_date, count=count)
        proposed = [
            {"due_date": i.due_date.isoformat(), "amount": str(i.amount)}
            for i in arrangement.installments.order_by("sequence")
        ]
        arrangement.installments.all().delete()
        Installment.objects.bulk_create(
            [
                Installment(
                    corporation_id=arrangement.corporation_id,
                    arrangement=arrangement,
                    sequence=row.sequence,
                    due_date=row.due_date,
                    amount=row.amount,
                )
                for row in schedule
            ]
        )
        arrangement.start_date = schedule[0].due_date
        arrangement.counter_offered_on = as_of
        arrangement.counter_offer_note = note.strip()[:300]
        arrangement.decision_reason = arrangement.counter_offer_note
        arrangement.save(
            update_fields=["start_date", "counter_offered_on", "counter_offer_note", "decision_reason"]
        )
        log_action(
            corporation=arrangement.corporation,
            actor=actor,
            action="arrangement.counter_offered",
            obj=arrangement,
            data={"proposed": proposed, "offered": len(schedule), "note": arrangement.counter_offer_note},
        )
        close_review_task(arrangement, gettext("Tegenvoorstel gedaan"), actor)
        event_publish(
            corporation=arrangement.corporation,
            type="arrangement.counter_offered",
            payload={**arrangement_payload(arrangement), "note": arrangement.counter_offer_note},
        )
        notify_after_commit(
            contract_main_tenant(contract=arrangement.contract),
            arrangement.contract,
            "regeling-tegenvoorstel",
            as_of,
            actor,
        )
    return arrangement


def arrangement_counter_accept(*, arrangement: Arrangement, actor: User | str, as_of: date) -> Arrangement:
    """The tenant accepts the counter-offer: it is active from today and the flow holds at once."""
    with transaction.atomic():
        arrangement = locked_for_decision(
            arrangement,
            (ArrangementStatus.REQUESTED,),
            gettext("Dit voorstel is niet meer geldig. Bel ons, dan kijken we samen verder."),
        )
        if arrangement.counter_offered_on is None:
            raise ApplicationError(gettext("Op deze aanvraag is geen tegenvoorstel gedaan."))
        arrangement.status = ArrangementStatus.ACTIVE
        arrangement.agreed_on = as_of
        arrangement.save(update_fields=["status", "agreed_on"])
        log_action(
            corporation=arrangement.corporation,
            actor=actor,
            action="arrangement.counter_accepted",
            obj=arrangement,
            data={"total": str(arrangement.total_amount)},
        )
        arrangement_took_effect(arrangement, as_of, actor)
    return arrangement
