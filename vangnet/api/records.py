"""Read-only views of stored tenants and contracts, by the ERP's own ids, so the ERP can verify a delivery."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from vangnet.api.schemas import CircumstanceOut, ContractOut, ErrorOut, PartyOut, TenantOut
from vangnet.core.clock import today
from vangnet.ledger.models import Contract, ContractStanding, ContractTenant
from vangnet.tenants.circumstances import circumstances_in_force
from vangnet.tenants.models import Tenant

router = Router()

# TenantOut fields that are not a column of Tenant under the same name.
TENANT_DERIVED = {"tenant_id", "contracts", "circumstances"}

# ERP ids may contain slashes ("2024/0042"), hence the path converters in the routes.
# Every query below goes through a scoped manager inside the key's scope: another corporation's id is
# "not found", exactly like an id that does not exist.


def _parties(**filters: Any) -> list[PartyOut]:
    parties = ContractTenant.objects.filter(**filters).select_related("contract", "tenant").order_by("pk")
    return [
        PartyOut(contract_id=p.contract.source_id, tenant_id=p.tenant.source_id, role=p.role) for p in parties
    ]


@router.get(
    "/tenants/{path:source_id}",
    response={200: TenantOut, 401: ErrorOut, 404: ErrorOut},
    tags=["records"],
    operation_id="getTenant",
    summary="A tenant by its ERP id",
)
def get_tenant(request: HttpRequest, source_id: str) -> TenantOut:
    tenant = Tenant.objects.filter(source_id=source_id).first()
    if tenant is None:
        raise Http404(f"No tenant with tenant_id {source_id!r}.")
    stored = {name: getattr(tenant, name) for name in TenantOut.model_fields if name not in TENANT_DERIVED}
    circumstances = [
        CircumstanceOut(
            circumstance_id=row.source_id,
            kind=row.kind.code,
            kind_name=row.kind.name,
            start_date=row.starts_on,
            end_date=row.ends_on,
            source=row.source,
        )
        for row in circumstances_in_force(tenant, today())
    ]
    return TenantOut(
        **stored, tenant_id=tenant.source_id, contracts=_parties(tenant=tenant), circumstances=circumstances
    )


@router.get(
    "/contracts/{path:source_id}",
    response={200: ContractOut, 401: ErrorOut, 404: ErrorOut},
    tags=["records"],
    operation_id="getContract",
    summary="A contract by its ERP id, with its balance",
)
def get_contract(request: HttpRequest, source_id: str) -> ContractOut:
    contract = Contract.objects.filter(source_id=source_id).select_related("unit").first()
    if contract is None:
        raise Http404(f"No contract with contract_id {source_id!r}.")
    standing = ContractStanding.objects.filter(contract=contract).first()
    return ContractOut(
        contract_id=contract.source_id,
        unit_id=contract.unit.source_id,
        start_date=contract.start_date,
        end_date=contract.end_date,
        monthly_rent=contract.monthly_rent,
        monthly_service_costs=contract.monthly_service_costs,
        payment_method=contract.payment_method,
        due_day=contract.due_day,
        mandate_id=contract.mandate_id,
        mandate_date=contract.mandate_date,
        debit_iban=contract.debit_iban,
        payment_reference=contract.payment_reference,
        removed_from_source_at=contract.removed_from_source_at,
        tenants=_parties(contract=contract),
        balance_as_of=standing.as_of if standing else None,
        balance=standing.balance if standing else None,
        overdue_amount=standing.overdue_amount if standing else None,
        oldest_overdue_date=standing.oldest_overdue_date if standing else None,
    )
