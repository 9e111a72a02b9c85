"""Reads of the contract processes for the portal and the staff screens."""

from dataclasses import dataclass

from django.db.models import Case as CaseWhen
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, QuerySet, Value, When
from django.db.models.fields.json import KeyTextTransform

from vangnet.cases.models import Case
from vangnet.contracts.models import (
    CoTenantChange,
    CoTenantConsent,
    CoTenantStatus,
    Letting,
    LettingProgress,
    LettingStatus,
    PaymentMethodChange,
    ServiceSubscription,
    Swap,
    SwapParty,
    SwapStatus,
)
from vangnet.core.models import Corporation
from vangnet.events.models import DeliveryStatus, EventDelivery, OutboundEvent
from vangnet.ledger.models import Contract
from vangnet.payments.models import PaymentRequestStatus
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


@dataclass(frozen=True)
class Waiting:
    """What waits for the tenant's own answer: a house swap to confirm, a tenaamstelling to consent to."""

    swap: bool
    consent: bool


def tenant_waiting(*, tenant: Tenant) -> Waiting:
    """One query: whether a swap waits for the tenant's confirmation or a tenaamstelling for their consent."""
    found = (
        Tenant.objects.filter(pk=tenant.pk)
        .annotate(
            swap=Exists(
                SwapParty.objects.filter(
                    tenant=OuterRef("pk"), confirmed_at__isnull=True, swap__status=SwapStatus.OPEN
                )
            ),
            consent=Exists(
                CoTenantConsent.objects.filter(
                    tenant=OuterRef("pk"), agreed__isnull=True, change__status=CoTenantStatus.CONSENT
                )
            ),
        )
        .values_list("swap", "consent")
        .first()
    )
    return Waiting(swap=bool(found and found[0]), consent=bool(found and found[1]))


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


def case_letting(*, case: Case) -> Letting | None:
    return Letting.objects.filter(case=case).first()


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


def tenant_co_tenant_to_sign(*, tenant: Tenant) -> CoTenantChange | None:
    """The tenaamstelling that makes the tenant a co-tenant, while open (signed or not): theirs to sign."""
    return (
        CoTenantChange.objects.filter(
            new_tenant=tenant, status__in=(CoTenantStatus.CONSENT, CoTenantStatus.READY)
        )
        .select_related("case", "contract__unit", "requester", "new_tenant")
        .order_by("-pk")
        .first()
    )


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


def _progress() -> CaseWhen:
    return CaseWhen(
        When(status=LettingStatus.WAITING, then=Value(LettingProgress.WAITING)),
        When(status=LettingStatus.CANCELLED, then=Value(LettingProgress.CANCELLED)),
        When(payment_request__status=PaymentRequestStatus.PAID, then=Value(LettingProgress.PAID)),
        default=Value(LettingProgress.SIGNED),
        output_field=CharField(),
    )


def _erp_received() -> Exists:
    """Whether an ERP webhook accepted the letting's `letting.signed` event."""
    return Exists(
        EventDelivery.objects.annotate(reference=KeyTextTransform("reference", "event__payload")).filter(
            event__type="letting.signed", status=DeliveryStatus.DELIVERED, reference=OuterRef("reference")
        )
    )


def letting_list(*, corporation: Corporation, progress: str = "") -> QuerySet[Letting]:
    """The lettings for the staff screen, newest first, each with `progress` (a LettingProgress) and
    `erp_received`: one query per page, whatever the number."""
    lettings = (
        Letting.objects.filter(corporation=corporation)
        .select_related("tenant", "unit", "case", "payment_request")
        .annotate(progress=_progress(), erp_received=_erp_received())
        .order_by("-created_at", "-pk")
    )
    return lettings.filter(progress=progress) if progress else lettings


def letting_detail(*, corporation: Corporation, pk: int) -> Letting | None:
    """One letting with its case's timeline (`letting.entries`), its mandate when the candidate chose
    direct debit (`letting.mandate`) and its events with their deliveries to the ERP (`letting.events`)."""
    letting = letting_list(corporation=corporation).filter(pk=pk).select_related("contract").first()
    if letting is None:
        return None
    letting.entries = list(letting.case.entries.order_by("pk")) if letting.case else []  # type: ignore[attr-defined]
    letting.mandate = (  # type: ignore[attr-defined]
        PaymentMethodChange.objects.filter(case_id=letting.case_id).first() if letting.case_id else None
    )
    letting.events = list(  # type: ignore[attr-defined]
        OutboundEvent.objects.filter(
            corporation=corporation, type__startswith="letting.", payload__reference=letting.reference
        )
        .prefetch_related("deliveries")
        .order_by("sequence")
    )
    return letting


def contract_subscriptions(
    *, corporation: Corporation, contract_pk: int
) -> tuple[Contract, list[ServiceSubscription]] | None:
    """A contract and its service subscriptions, the running one first, then the ended ones newest first
    (two queries); None when the corporation has no such contract."""
    contract = Contract.objects.filter(corporation=corporation, pk=contract_pk).select_related("unit").first()
    if contract is None:
        return None
    found = list(
        ServiceSubscription.objects.filter(contract=contract)
        .select_related("tenant", "case")
        .order_by(F("end_date").desc(nulls_first=True), "-start_date", "-pk")
    )
    return contract, found
