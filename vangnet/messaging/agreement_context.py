"""What a message says of a contract's arrangement, promise and dispute: the one that matters per contract,
read for many contracts at once, and the arrangement's schedule as sentences in the message's language."""

from django.utils import translation
from django.utils.translation import gettext, pgettext

from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPaymentMethod,
    ArrangementStatus,
    Promise,
    PromiseStatus,
)
from vangnet.core.language import written_date
from vangnet.core.money import format_euro
from vangnet.disputes.models import Dispute, DisputeStatus
from vangnet.ledger.models import Contract


def arrangements_by_contract(contract_ids: set[int]) -> dict[int, Arrangement]:
    """Per contract the running arrangement (active or requested), else the latest one: two queries."""
    chosen: dict[int, Arrangement] = {}
    running = (ArrangementStatus.ACTIVE, ArrangementStatus.REQUESTED)
    for arrangement in (
        Arrangement.objects.filter(contract_id__in=contract_ids)
        .prefetch_related("installments")
        .order_by("contract_id", "-agreed_on", "-pk")
    ):
        current = chosen.get(arrangement.contract_id)
        if current is None or (arrangement.status in running and current.status not in running):
            chosen[arrangement.contract_id] = arrangement
    return chosen


def disputes_by_contract(contract_ids: set[int]) -> dict[int, Dispute]:
    """Per contract the most recently opened dispute, open ones first: one query."""
    chosen: dict[int, Dispute] = {}
    for dispute in (
        Dispute.objects.filter(contract_id__in=contract_ids)
        .select_related("category")
        .order_by("contract_id", "-opened_on", "-pk")
    ):
        current = chosen.get(dispute.contract_id)
        if current is None or (dispute.status == DisputeStatus.OPEN and current.status != DisputeStatus.OPEN):
            chosen[dispute.contract_id] = dispute
    return chosen


def promises_by_contract(contract_ids: set[int]) -> dict[int, Promise]:
    chosen: dict[int, Promise] = {}
    for promise in Promise.objects.filter(contract_id__in=contract_ids).order_by(
        "contract_id", "-made_on", "-pk"
    ):
        current = chosen.get(promise.contract_id)
        if current is None or (promise.status == PromiseStatus.OPEN and current.status != PromiseStatus.OPEN):
            chosen[promise.contract_id] = promise
    return chosen


def arrangement_values(
    arrangement: Arrangement | None, contract: Contract | None, language: str = "nl"
) -> dict[str, str]:
    """The arrangement's schedule as whole sentences in the message's language."""
    if arrangement is None:
        return dict.fromkeys(
            (
                "regeling_termijnen",
                "regeling_totaal",
                "regeling_eerste_termijn",
                "regeling_betaalwijze",
                "regeling_reden",
            ),
            "",
        )
    installments = sorted(arrangement.installments.all(), key=lambda i: i.sequence)
    direct_debit = arrangement.payment_method == ArrangementPaymentMethod.DIRECT_DEBIT or (
        not arrangement.payment_method and contract is not None and contract.payment_method == "direct_debit"
    )
    reason = arrangement.broken_reason or arrangement.cancelled_reason or arrangement.decision_reason
    with translation.override(language):
        lines = [
            pgettext("one line of an arrangement's schedule", "%(number)s. %(date)s: %(amount)s")
            % {
                "number": i.sequence,
                "date": written_date(i.due_date, language),
                "amount": format_euro(i.amount),
            }
            for i in installments
        ]
        first = (
            pgettext("the first instalment of an arrangement", "%(amount)s op %(date)s")
            % {
                "amount": format_euro(installments[0].amount),
                "date": written_date(installments[0].due_date, language),
            }
            if installments
            else ""
        )
        method = (
            gettext("Elke termijn wordt automatisch afgeschreven (automatische incasso).")
            if direct_debit
            else gettext("Voor elke termijn sturen we een betaallink.")
        )
    return {
        "regeling_termijnen": "\n".join(lines),
        "regeling_totaal": format_euro(arrangement.total_amount),
        "regeling_eerste_termijn": first,
        "regeling_betaalwijze": method,
        "regeling_reden": reason,
    }
