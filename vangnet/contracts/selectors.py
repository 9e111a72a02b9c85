"""Reads of the contract processes for the portal and the staff screens."""

from vangnet.contracts.models import Letting, LettingStatus
from vangnet.tenants.models import Tenant


def tenant_letting(*, tenant: Tenant, pk: int) -> Letting | None:
    """One of the tenant's own lettings (another's looks like one that does not exist)."""
    return (
        Letting.objects.select_related("unit", "case", "payment_request", "contract")
        .filter(tenant=tenant, pk=pk)
        .first()
    )


def tenant_lettings_waiting(*, tenant: Tenant) -> list[Letting]:
    return list(
        Letting.objects.select_related("unit")
        .filter(tenant=tenant, status=LettingStatus.WAITING)
        .order_by("pk")
    )
