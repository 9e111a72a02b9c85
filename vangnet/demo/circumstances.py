"""The demo's circumstances: one tenant in arrears for every default kind, recorded by a colleague or from a
call a few days before the history's first night, and one older event that no longer routes anyone.

Recorded with the real service on its own day, so the card's history, the audit trail and tonight's
classification ("Extra aandacht", with the circumstance named in the explanation) are real history.
"""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django_scopes import scope

from vangnet.core import clock
from vangnet.core.models import Corporation
from vangnet.ledger.models import ContractRole, ContractStanding, ContractTenant
from vangnet.tenants.circumstances import DEFAULT_KINDS, circumstance_record
from vangnet.tenants.models import CircumstanceSource, Tenant

# (kind, days before the demo day it began, who recorded it)
RECENT = [(kind.code, 20 + 3 * n, CircumstanceSource.STAFF) for n, kind in enumerate(DEFAULT_KINDS)]
RECENT[5] = (RECENT[5][0], RECENT[5][1], CircumstanceSource.CALL)  # less income: heard on the phone
LONG_AGO = ("geboorte", 400)


def demo_circumstances_record(*, corporation: Corporation, as_of: date, actor: str) -> int:
    """Returns how many circumstances were recorded; none when there are too few tenants in arrears."""
    with scope(corporation=corporation):
        in_arrears = ContractStanding.objects.filter(contract=OuterRef("contract"), overdue_amount__gt=0)
        tenants = list(
            Tenant.objects.filter(
                pk__in=ContractTenant.objects.filter(role=ContractRole.MAIN)
                .filter(Exists(in_arrears))
                .values("tenant_id")
            ).order_by("pk")[: len(RECENT) + 1]
        )
        recorded = 0
        for tenant, (code, days_ago, source) in zip(tenants, [*RECENT, (*LONG_AGO, "staff")], strict=False):
            started = as_of - timedelta(days=days_ago)
            # Recorded a few days after it began, when the colleague heard of it.
            with clock.moved_to(min(started + timedelta(days=3), as_of)):
                circumstance_record(
                    tenant=tenant, kind_code=code, starts_on=started, source=source, actor=actor
                )
            recorded += 1
    return recorded
