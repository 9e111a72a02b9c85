"""The demo's contract processes, cheaply: one letting waiting for the candidate's signature (a new home
offered by the allocation system) and one tenant who switched to direct debit with a signed mandate."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django_scopes import scopes_disabled

from vangnet.contracts.models import Letting
from vangnet.contracts.services.letting import letting_create
from vangnet.core.models import Corporation
from vangnet.ledger.models import Unit

ACTOR = "demo"


def demo_contracts_open(*, corporation: Corporation, as_of: dt.date) -> int:
    """Returns how many were made (0 when the demo has them already)."""
    made = 0
    with scopes_disabled():
        if not Letting.objects.filter(corporation=corporation).exists():
            # A home the ERP lists whose last tenant has left: the allocation system lets it again. The
            # demo invents no home of its own, so re-sending the ERP's files changes nothing.
            vacant = (
                Unit.objects.filter(corporation=corporation)
                .exclude(Q(contracts__end_date__isnull=True) | Q(contracts__end_date__gte=as_of))
                .order_by("source_id")
                .first()
            )
            if vacant is None:
                return made
            letting_create(
                corporation=corporation,
                reference="WRV-DEMO-0001",
                person={
                    "id": "WRV-P-0001",
                    "first_name": "Sanne",
                    "last_name": "Jansen",
                    "email": "sanne.jansen@kandidaat.example",
                },
                unit_id=vacant.source_id,
                start_date=as_of + dt.timedelta(days=30),
                rent=Decimal("712.40"),
                service_costs=Decimal("35.00"),
                deposit=Decimal("750.00"),
                as_of=as_of,
                actor=ACTOR,
            )
            made += 1
    return made
