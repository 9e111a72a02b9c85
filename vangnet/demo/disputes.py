"""A handful of open disputes in the demo corporation, so the staff screens and the portal have data.

Deterministic: the same contracts (in arrears, without an arrangement or promise, by contract number), the
same categories and words every time; a second call opens nothing new.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django_scopes import scopes_disabled

from vangnet.arrangements.models import Arrangement, ArrangementStatus, Promise, PromiseStatus
from vangnet.core.models import Corporation, User
from vangnet.disputes.models import Dispute, DisputeCategory
from vangnet.disputes.selectors import dispute_open_items
from vangnet.disputes.services import (
    dispute_assign,
    dispute_categories_install_defaults,
    dispute_open,
    disputes_monitor,
)
from vangnet.ledger.models import Contract, InvoiceCategory

ACTOR = "seed_demo"


@dataclass(frozen=True)
class DemoDispute:
    category: str
    channel: str
    days_ago: int
    description: str
    item_category: str = ""  # the kind of item it is about, when the contract has one
    resolver: str = ""  # a demo login


DEMO_DISPUTES = (
    DemoDispute(
        "factuur-niet-ontvangen",
        "portal",
        3,
        "Ik heb de rekening van deze maand nooit gekregen, niet per post en niet per mail.",
    ),
    DemoDispute(
        "bedrag-klopt-niet",
        "phone",
        12,
        "Huurder belde: er staat twee keer huur op de rekening van dezelfde maand.",
        resolver="geschillen",
    ),
    DemoDispute(
        "reparatie-niet-uitgevoerd",
        "portal",
        6,
        "De monteur is niet gekomen, maar de reparatie staat wel op mijn rekening.",
        item_category=InvoiceCategory.REPAIR,
    ),
    DemoDispute(
        "servicekosten",
        "staff",
        25,
        "Huurder vindt de schoonmaakkosten van het trappenhuis te hoog; er wordt bijna nooit schoongemaakt.",
        item_category=InvoiceCategory.SERVICE_COSTS,
    ),
    DemoDispute(
        "huurverlaging",
        "portal",
        20,
        "Mijn inkomen is gedaald. Ik vraag om een lagere huur.",
    ),
)


def _candidates(corporation: Corporation) -> list[Contract]:
    arrangement = Arrangement.objects.filter(contract=OuterRef("pk"), status=ArrangementStatus.ACTIVE)
    promise = Promise.objects.filter(contract=OuterRef("pk"), status=PromiseStatus.OPEN)
    return list(
        Contract.objects.filter(
            corporation=corporation, standing__overdue_amount__gt=0, end_date__isnull=True
        )
        .filter(~Exists(arrangement), ~Exists(promise))
        .order_by("source_id")[: len(DEMO_DISPUTES) * 3]
    )


def demo_disputes_open(*, corporation: Corporation, as_of: date) -> int:
    """Installs the default categories and opens the demo disputes once; returns how many were opened."""
    with scopes_disabled():
        dispute_categories_install_defaults(corporation=corporation)
        if Dispute.objects.filter(corporation=corporation, created_by=ACTOR).exists():
            return 0
        categories = {c.code: c for c in DisputeCategory.objects.filter(corporation=corporation)}
        contracts = _candidates(corporation)
        # Spread over the portfolio rather than the first few numbers; fewer when the portfolio is tiny.
        spread = contracts[:: max(len(contracts) // len(DEMO_DISPUTES), 1)]
        opened = 0
        for spec, contract in zip(DEMO_DISPUTES, spread, strict=False):
            items = [line.entry for line in dispute_open_items(contract=contract)]
            if not items:
                continue
            matching = [e for e in items if e.category == spec.item_category]
            main = contract.parties.filter(role="main").select_related("tenant").first()
            tenant = main.tenant if main and spec.channel == "portal" else None
            dispute = dispute_open(
                contract=contract,
                category=categories[spec.category],
                description=spec.description,
                items=(matching or items)[:1],
                as_of=as_of - timedelta(days=spec.days_ago),
                actor=ACTOR,
                channel=spec.channel if tenant or spec.channel != "portal" else "staff",
                tenant=tenant,
            )
            resolver = User.objects.filter(username=spec.resolver).first() if spec.resolver else None
            if resolver is not None:
                dispute_assign(dispute=dispute, actor=ACTOR, resolver=resolver)
            opened += 1
        disputes_monitor(corporation=corporation, as_of=as_of)
    return opened
