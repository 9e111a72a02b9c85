"""Demo tenants to try the portal with: their personal link, their letter code and the second-check data."""

from dataclasses import dataclass
from datetime import date

from django_scopes import scopes_disabled

from vangnet.core.models import Corporation
from vangnet.ledger.models import ContractTenant
from vangnet.messaging.links import access_code, portal_personal_link
from vangnet.tenants.models import Tenant


@dataclass(frozen=True)
class DemoPortalTenant:
    name: str
    link: str
    code: str
    postcode: str
    house_number: str
    birth_date: date | None


def demo_portal_tenants(*, corporation: Corporation, count: int = 2) -> list[DemoPortalTenant]:
    """Tenants in arrears with an e-mail address, the first by id, so the demo prints the same ones."""
    with scopes_disabled():
        ids = (
            ContractTenant.objects.filter(corporation=corporation, contract__standing__balance__gt=0)
            .order_by("tenant_id")
            .values_list("tenant_id", flat=True)
        )
        tenants = Tenant.objects.filter(pk__in=ids, deceased_on__isnull=True).exclude(email="").order_by("pk")
        return [
            DemoPortalTenant(
                name=t.display_name,
                link=portal_personal_link(corporation_id=corporation.pk, tenant_id=t.pk),
                code=access_code(t.pk),
                postcode=t.postcode,
                house_number=t.house_number,
                birth_date=t.birth_date,
            )
            for t in tenants[:count]
        ]
