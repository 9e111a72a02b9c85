"""The sink that puts hand-over proposals on the manager's approval list: one thing written.

The flows engine calls it for the step "Overdracht voorstellen", the tenant card for "propose hand-over". A
contract has at most one open hand-over (proposed, approved or at the agency); a second proposal for it is
left out by the database's constraint, so a rerun of the night adds nothing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.flows.models import OPEN_STATUSES, Enrollment
from vangnet.handovers.models import Handover, HandoverUpdate, ProposalSource, UpdateKind
from vangnet.ledger.models import Contract, ContractStanding


@dataclass(frozen=True)
class Proposal:
    contract_id: int
    enrollment_id: int | None
    amount: Decimal


def actor_label(actor: Actor) -> str:
    return actor.get_username() if isinstance(actor, User) else (actor or "system")


def proposals_create_bulk(
    *, corporation: Corporation, proposals: list[Proposal], reason: str, as_of: date
) -> int:
    """Proposals from the night's run; contracts that already have an open hand-over are left out."""
    if not proposals:
        return 0
    created = Handover.objects.bulk_create(
        [
            Handover(
                corporation=corporation,
                contract_id=p.contract_id,
                enrollment_id=p.enrollment_id,
                source=ProposalSource.FLOW,
                reason=reason[:500],
                proposed_on=as_of,
                proposed_by="run_day",
                proposed_amount=p.amount,
            )
            for p in proposals
        ],
        ignore_conflicts=True,
    )
    fresh = Handover.objects.filter(
        corporation=corporation,
        contract_id__in=[p.contract_id for p in proposals],
        proposed_on=as_of,
        source=ProposalSource.FLOW,
        updates__isnull=True,
    )
    HandoverUpdate.objects.bulk_create(
        [
            HandoverUpdate(
                corporation=corporation, handover=h, kind=UpdateKind.PROPOSED, on=as_of, by="run_day"
            )
            for h in fresh
        ]
    )
    return len(created)


def proposal_create(*, contract: Contract, reason: str, as_of: date, actor: Actor) -> Handover:
    """A colleague proposes a hand-over from the tenant card, with the reason the manager will read."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Schrijf op waarom dit dossier naar de deurwaarder of het incassobureau moet.")
    standing = ContractStanding.objects.filter(contract=contract).first()
    enrollment = Enrollment.objects.filter(contract=contract, status__in=OPEN_STATUSES).first()
    try:
        with transaction.atomic():
            handover = Handover.objects.create(
                corporation_id=contract.corporation_id,
                contract=contract,
                enrollment=enrollment,
                source=ProposalSource.STAFF,
                reason=reason[:500],
                proposed_on=as_of,
                proposed_by=actor_label(actor)[:150],
                proposed_amount=standing.overdue_amount if standing else Decimal("0.00"),
            )
    except IntegrityError:
        raise ApplicationError(
            "Voor dit contract loopt al een overdracht of een voorstel daarvoor."
        ) from None
    HandoverUpdate.objects.create(
        corporation_id=contract.corporation_id,
        handover=handover,
        kind=UpdateKind.PROPOSED,
        on=as_of,
        note=reason[:500],
        by=actor_label(actor)[:150],
    )
    log_action(corporation=contract.corporation, actor=actor, action="handovers.proposed", obj=handover)
    return handover
