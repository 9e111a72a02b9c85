"""The demo's trust features, made by the real services after the nights: a flow change waiting for a
manager, a counter-offer on a tenant's arrangement request, a pay link superseded by a later one, and the
providers' delivery reports on sent e-mails (delivered, and one bounce).

Each piece picks its tenants by a fixed order (contract number), so the demo is the same every time.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_scopes import scope

from vangnet.arrangements.models import Arrangement, ArrangementStatus, live_arrangements_q
from vangnet.arrangements.services import arrangement_counter_offer, arrangement_propose
from vangnet.core import clock
from vangnet.core.models import Corporation, User
from vangnet.disputes.models import Dispute
from vangnet.flows.approvals import flow_version_propose, pending_proposal
from vangnet.flows.models import Flow
from vangnet.flows.timeline import STEP_FIELDS
from vangnet.ledger.models import Contract
from vangnet.messaging.delivery_reports import message_outcome
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.payments.links import payment_requests_supersede
from vangnet.payments.models import PaymentRequest
from vangnet.payments.services import payment_request_create

# How many sent e-mails of the last days get their "delivered" report.
DELIVERED_REPORTS = 40


@dataclass
class TrustDemo:
    proposal: bool = False
    counter_offer: bool = False
    superseded_link: bool = False
    delivered: int = 0
    bounced: int = 0


def demo_trust_features(
    *, corporation: Corporation, as_of: date, credit_manager: User, actor: str
) -> TrustDemo:
    made = TrustDemo()
    with scope(corporation=corporation):
        made.proposal = _flow_proposal(corporation, credit_manager)
        made.counter_offer = _counter_offer(corporation, as_of, credit_manager)
        made.superseded_link = _superseded_link(corporation, as_of, actor)
        made.delivered, made.bounced = _delivery_reports(corporation, as_of)
    return made


def _flow_proposal(corporation: Corporation, author: User) -> bool:
    """The credit manager proposes the friendly flow's first reminder two days earlier; a manager decides."""
    flow = (
        Flow.objects.filter(corporation=corporation, code="zacht").select_related("current_version").first()
    )
    if flow is None or flow.current_version is None or pending_proposal(flow) is not None:
        return False
    steps = [
        {field: getattr(step, field) for field in STEP_FIELDS}
        for step in flow.current_version.steps.order_by("position")
    ]
    steps[0]["day_offset"] = max(steps[0]["day_offset"] - 2, 0)
    flow_version_propose(
        flow=flow,
        steps=steps,
        note="De eerste herinnering twee dagen eerder: dan is de huur nog vers.",
        actor=author,
    )
    return True


def _free_contracts(corporation: Corporation):
    """Running contracts in arrears without an arrangement or a dispute, by contract number."""
    return (
        Contract.objects.filter(
            corporation=corporation, end_date__isnull=True, standing__balance__gt=Decimal("300")
        )
        .filter(
            ~Exists(Arrangement.objects.filter(live_arrangements_q(), contract=OuterRef("pk"))),
            ~Exists(Dispute.objects.filter(contract=OuterRef("pk"))),
        )
        .order_by("-source_id")
    )


def _counter_offer(corporation: Corporation, as_of: date, colleague: User) -> bool:
    """A tenant asked yesterday for more instalments than the policy allows; today a colleague offers fewer."""
    contract = _free_contracts(corporation).first()
    if contract is None:
        return False
    start = as_of + timedelta(days=7)
    with clock.moved_to(as_of - timedelta(days=1)):
        request = arrangement_propose(
            contract=contract,
            count=36,
            start_date=start,
            payment_method="link",
            as_of=as_of - timedelta(days=1),
            actor="portal",
        ).arrangement
    if request.status != ArrangementStatus.REQUESTED:
        return False
    arrangement_counter_offer(
        arrangement=request,
        count=12,
        start_date=start,
        note="Twaalf termijnen past binnen ons beleid en houdt het bedrag per maand haalbaar.",
        actor=colleague,
        as_of=as_of,
    )
    return True


def _superseded_link(corporation: Corporation, as_of: date, actor: str) -> bool:
    """A pay link sent a week ago, then a newer one after the amount changed: the old one says so."""
    contract = _free_contracts(corporation)[1:2].first()
    if contract is None:
        return False
    with clock.moved_to(as_of - timedelta(days=7)):
        old = payment_request_create(corporation=corporation, contract=contract, actor=actor)
    payment_requests_supersede(
        corporation=corporation,
        contract_ids=[contract.pk],
        why="Er is een nieuwe factuur bijgekomen.",
        actor=actor,
    )
    payment_request_create(corporation=corporation, contract=contract, actor=actor)
    return PaymentRequest.objects.filter(pk=old.pk).exclude(superseded_at=None).exists()


def _delivery_reports(corporation: Corporation, as_of: date) -> tuple[int, int]:
    """The providers' reports on the last week's e-mails: the newest bounced (a bounce arrives after the
    provider accepted it), the others not yet reported delivered now are."""
    recent = OutgoingMessage.objects.filter(
        corporation=corporation,
        channel="email",
        status__in=(MessageStatus.SENT, MessageStatus.DELIVERED),
        sent_at__date__gte=as_of - timedelta(days=7),
    ).order_by("-sent_at", "-pk")
    bounced = recent.first()
    if bounced is None:
        return 0, 0
    now = timezone.now()
    message_outcome(
        message=bounced,
        status=MessageStatus.BOUNCED,
        provider_status="bounce",
        error="550 5.1.1 user unknown",
        now=now,
    )
    waiting = list(recent.filter(status=MessageStatus.SENT).exclude(pk=bounced.pk)[:DELIVERED_REPORTS])
    for message in waiting:
        message_outcome(message=message, status=MessageStatus.DELIVERED, provider_status="delivered", now=now)
    return len(waiting), 1
