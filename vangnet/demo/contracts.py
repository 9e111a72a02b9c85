"""The demo's contract processes, cheaply: one letting waiting for the candidate's signature (a new home
offered by the allocation system) and one tenant who switched to direct debit with a signed mandate."""

import datetime as dt
from decimal import Decimal

from django_scopes import scopes_disabled

from vangnet.contracts.models import CodePurpose, Letting, PaymentMethodChange
from vangnet.contracts.services.letting import letting_create
from vangnet.contracts.services.payment_method import payment_method_change
from vangnet.contracts.signing import code_issue
from vangnet.core import clock
from vangnet.core.models import Corporation
from vangnet.ledger.models import ContractTenant, PaymentMethod, Unit

ACTOR = "demo"


def demo_contracts_open(*, corporation: Corporation, as_of: dt.date) -> int:
    """Returns how many were made (0 when the demo has them already)."""
    made = 0
    with scopes_disabled():
        if not Letting.objects.filter(corporation=corporation).exists():
            Unit.objects.get_or_create(
                corporation=corporation,
                source_id="E-DEMO-NIEUW",
                defaults={
                    "street": "Kastanjelaan",
                    "house_number": "7",
                    "postcode": "3581 AB",
                    "city": "Utrecht",
                    "municipality": "Utrecht",
                },
            )
            letting_create(
                corporation=corporation,
                reference="WRV-DEMO-0001",
                person={
                    "id": "WRV-P-0001",
                    "first_name": "Sanne",
                    "last_name": "Jansen",
                    "email": "sanne.jansen@kandidaat.example",
                },
                unit_id="E-DEMO-NIEUW",
                start_date=as_of + dt.timedelta(days=30),
                rent=Decimal("712.40"),
                service_costs=Decimal("35.00"),
                deposit=Decimal("750.00"),
                as_of=as_of,
                actor=ACTOR,
            )
            made += 1
        if not PaymentMethodChange.objects.filter(corporation=corporation).exists():
            party = (
                ContractTenant.objects.select_related("contract", "tenant")
                .filter(
                    corporation=corporation,
                    contract__payment_method=PaymentMethod.TRANSFER,
                    removed_from_source_at__isnull=True,
                )
                .exclude(tenant__last_name="")
                .order_by("pk")
                .first()
            )
            if party is not None:
                now = clock.now()
                _row, code = code_issue(
                    tenant=party.tenant,
                    purpose=CodePurpose.MANDATE,
                    subject_id=party.contract_id,
                    channel="email",
                    now=now,
                )
                payment_method_change(
                    contract=party.contract,
                    tenant=party.tenant,
                    method=PaymentMethod.DIRECT_DEBIT,
                    iban="NL44RABO0123456789",
                    account_holder=party.tenant.display_name,
                    collection_day=5,
                    code=code,
                    name=party.tenant.display_name,
                    now=now,
                )
                made += 1
    return made
