"""The demo's vroegsignalering: agreements with the municipalities, the team's reminder letter with the
data-sharing offer and their house visits, a tenant who objected on a call, yesterday's batch released and
answered, and today's batch prepared; all through the real services on the days they happened.

The demo's flow history is ten days long, and the tenants who are long enough in arrears entered their
flows past the reminders that carry the offer. So, as a team starting with vroegsignalering does, the
credit manager sent the second reminder (with the offer) by letter to those tenants fifteen days ago, and
visited most of them two days later; the last two were not visited and stay left out for that reason.
"""

from collections import Counter
from datetime import date, timedelta

from django_scopes import scope

from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.earlysignal.models import Answer, BatchStatus, Delivery, FileFormat, ObjectionSource, SignalBatch
from vangnet.earlysignal.rules import DATA_SHARING_OFFER, MUNICIPALITY_NOT_AGREED
from vangnet.earlysignal.selectors import signal_candidates
from vangnet.earlysignal.services import (
    answer_register,
    batch_prepare,
    batch_release,
    contact_attempt_register,
    municipality_save,
    objection_register,
)
from vangnet.ledger.models import Contract, Unit, UnitKind
from vangnet.messaging.outbox import message_manual_create
from vangnet.tenants.models import Tenant

LETTER_DAYS_BACK = 15
VISIT_DAYS_BACK = 13
LETTERS = 12
NOT_VISITED = 2


def demo_early_signals(*, corporation: Corporation, as_of: date, reviewer: User, actor: str) -> dict:
    """Agreements, one objection, yesterday's batch released with an answer, today's batch prepared."""
    yesterday = as_of - timedelta(days=1)
    with scope(corporation=corporation):
        homes = Counter(
            Unit.objects.filter(corporation=corporation, kind=UnitKind.DWELLING).values_list(
                "municipality", flat=True
            )
        )
        names = [name for name, _count in homes.most_common()]
        agreed_on = as_of - timedelta(days=400)
        # The two largest municipalities receive signals (one as a CSV to download, one as JSON); the rest
        # have not asked for them yet, so their tenants are left out with that reason.
        for index, name in enumerate(names):
            agreed = index < 2
            municipality_save(
                corporation=corporation,
                name=name,
                agreed=agreed,
                agreed_on=agreed_on if agreed else None,
                delivery_kind=Delivery.DOWNLOAD,
                file_format=FileFormat.CSV if index != 1 else FileFormat.JSON,
                contact_name="Team Vroegsignalering" if agreed else "",
                contact_email=f"vroegsignalering@{name.lower().replace(' ', '')}.example" if agreed else "",
                actor=actor,
            )
        _offer_letters_and_visits(corporation, as_of, reviewer)
        # On a call two days ago, the first tenant who could be signalled said no.
        with clock.moved_to(as_of - timedelta(days=2)):
            ready = signal_candidates(corporation=corporation, as_of=yesterday).eligible
            if ready:
                objector = ready[0]
                objection_register(
                    tenant=Tenant.objects.get(corporation=corporation, pk=objector.tenant_id),
                    source=ObjectionSource.CALL,
                    as_of=as_of - timedelta(days=2),
                    actor=reviewer,
                    note="Wil het zelf met de gemeente regelen",
                )
        with clock.moved_to(yesterday):
            prepared = batch_prepare(corporation=corporation, as_of=yesterday, actor=reviewer)
            released = None
            if prepared.signalled:
                batch = SignalBatch.objects.get(corporation=corporation, status=BatchStatus.DRAFT)
                released = batch_release(batch=batch, as_of=yesterday, actor=reviewer)
        if released is not None:
            first = released.signals.order_by("pk").first()
            if first is not None:
                answer_register(
                    signal=first,
                    answer=Answer.CONTACT_MADE,
                    answered_on=as_of,
                    as_of=as_of,
                    actor=reviewer,
                    note="Huurder gebeld, afspraak voor een intake gemaakt",
                )
        today = batch_prepare(corporation=corporation, as_of=as_of, actor=actor)
        draft = SignalBatch.objects.filter(corporation=corporation, status=BatchStatus.DRAFT).count()
        # Counted inside the corporation's scope, like every read above.
        signalled = released.signals.count() if released else 0
    return {
        "municipalities": len(names),
        "agreed": min(len(names), 2),
        "signalled": signalled,
        "draft_batches": draft,
        "today_eligible": today.eligible,
    }


def _offer_letters_and_visits(corporation: Corporation, as_of: date, reviewer: User) -> None:
    sent_on = as_of - timedelta(days=LETTER_DAYS_BACK)
    visited_on = as_of - timedelta(days=VISIT_DAYS_BACK)
    with clock.moved_to(sent_on):
        waiting = [
            candidate
            for candidate in signal_candidates(corporation=corporation, as_of=sent_on).candidates
            if DATA_SHARING_OFFER in candidate.blocks and MUNICIPALITY_NOT_AGREED not in candidate.blocks
        ][:LETTERS]
        tenants = Tenant.objects.in_bulk([candidate.tenant_id for candidate in waiting])
        contracts = Contract.objects.in_bulk([candidate.contract_id for candidate in waiting])
        written = []
        for candidate in waiting:
            tenant = tenants[candidate.tenant_id]
            try:
                message_manual_create(
                    tenant=tenant,
                    contract=contracts[candidate.contract_id],
                    template_code="herinnering-tweede",
                    channel="letter",
                    as_of=sent_on,
                    actor=reviewer,
                )
            except ApplicationError:
                continue  # no postal address known: no letter, so no offer and no signal
            written.append(tenant)
    with clock.moved_to(visited_on):
        for tenant in written[: max(len(written) - NOT_VISITED, 0)]:
            contact_attempt_register(
                tenant=tenant,
                method="visit",
                happened_on=visited_on,
                reached=False,
                note="Niet thuis; kaartje met ons telefoonnummer en de folder over schuldhulp achtergelaten",
                as_of=visited_on,
                actor=reviewer,
            )
