"""Reads of the contract processes for the portal and the staff screens."""

from django.db.models import Prefetch

from vangnet.cases.models import Case
from vangnet.contracts.models import (
    CoTenantChange,
    CoTenantConsent,
    CoTenantStatus,
    Letting,
    LettingStatus,
    Swap,
    SwapParty,
)
from vangnet.core.models import Corporation
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


def tenant_swaps(*, tenant: Tenant) -> list[Swap]:
    """The swaps the tenant is a party of, newest first, each with its parties (`swap.party_list`) and the
    tenant's own party (`swap.mine`): three queries whatever the number."""
    swaps: list[Swap] = list(
        Swap.objects.filter(parties__tenant=tenant)
        .select_related("case")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=SwapParty.objects.select_related("tenant", "contract__unit", "new_unit").order_by(
                    "pk"
                ),
                to_attr="party_list",
            )
        )
        .order_by("-pk")
        .distinct()
    )
    for swap in swaps:
        swap.mine = next(p for p in swap.party_list if p.tenant_id == tenant.pk)  # type: ignore[attr-defined]
    return swaps


def swap_detail(*, corporation: Corporation, pk: int) -> Swap | None:
    """One swap for the staff screen, with its parties (`swap.party_list`) in moving order."""
    return (
        Swap.objects.filter(corporation=corporation, pk=pk)
        .select_related("case", "case__case_type")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=SwapParty.objects.select_related(
                    "tenant", "contract__unit", "new_unit", "letting"
                ).order_by("pk"),
                to_attr="party_list",
            )
        )
        .first()
    )


def case_swap(*, case: Case) -> Swap | None:
    return Swap.objects.filter(case=case).first()


def tenant_co_tenant_changes(*, tenant: Tenant) -> tuple[list[CoTenantChange], list[CoTenantConsent]]:
    """The tenaamstellingen the tenant asked for, and the consents asked of them still unanswered."""
    asked = list(
        CoTenantChange.objects.filter(requester=tenant).select_related("case", "leaving").order_by("-pk")
    )
    consents = list(
        CoTenantConsent.objects.filter(
            tenant=tenant, agreed__isnull=True, change__status=CoTenantStatus.CONSENT
        )
        .select_related("change__requester", "change__contract__unit")
        .order_by("pk")
    )
    return asked, consents


def co_tenant_detail(*, corporation: Corporation, pk: int) -> CoTenantChange | None:
    return (
        CoTenantChange.objects.filter(corporation=corporation, pk=pk)
        .select_related("case", "case__case_type", "contract__unit", "requester", "leaving")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=CoTenantConsent.objects.select_related("tenant").order_by("pk"),
                to_attr="consent_list",
            )
        )
        .first()
    )


def case_co_tenant(*, case: Case) -> CoTenantChange | None:
    return CoTenantChange.objects.filter(case=case).first()
