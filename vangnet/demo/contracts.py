"""The demo's contract processes, cheaply: one letting waiting for the candidate's signature (a new home
offered by the allocation system) and one the candidate signed this morning, with the sealed contract on the
new tenant's card (and in their art. 15 ZIP)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from vangnet.contracts.models import CodePurpose, Letting
from vangnet.contracts.services.letting import letting_create, letting_sign
from vangnet.contracts.signing import code_issue
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
            homes = list(
                Unit.objects.filter(corporation=corporation)
                .exclude(Q(contracts__end_date__isnull=True) | Q(contracts__end_date__gte=as_of))
                .order_by("source_id")[:2]
            )
            if not homes:
                return made
            vacant = homes[0]
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
            if len(homes) > 1:
                _signed(corporation, homes[1], as_of)
                made += 1
    return made


def _signed(corporation: Corporation, home: Unit, as_of: dt.date) -> None:
    """A candidate who signed this morning: the code they typed is the one the e-mail would have held."""
    letting = letting_create(
        corporation=corporation,
        reference="WRV-DEMO-0002",
        person={
            "id": "WRV-P-0002",
            "first_name": "Daan",
            "last_name": "Mulder",
            "email": "daan.mulder@kandidaat.example",
        },
        unit_id=home.source_id,
        start_date=as_of + dt.timedelta(days=14),
        rent=Decimal("689.10"),
        service_costs=Decimal("42.50"),
        deposit=Decimal("700.00"),
        as_of=as_of,
        actor=ACTOR,
    )
    now = timezone.make_aware(dt.datetime.combine(as_of, dt.time(9, 40)))
    _row, code = code_issue(
        tenant=letting.tenant, purpose=CodePurpose.LETTING, subject_id=letting.pk, channel="email", now=now
    )
    letting_sign(letting=letting, tenant=letting.tenant, code=code, name="Daan Mulder", now=now)
