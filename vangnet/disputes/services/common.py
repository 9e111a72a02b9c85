"""What the dispute services share: the actor's label, the ERP event, the tenant a notice goes to."""

from typing import Any

from django.utils.translation import gettext

from vangnet.core.errors import ApplicationError
from vangnet.disputes.models import Dispute
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract
from vangnet.ledger.selectors import contract_main_tenant
from vangnet.tenants.models import Tenant

MAX_DESCRIPTION = 2000


def dispute_event(dispute: Dispute, type: str, **extra: Any) -> None:
    items = sorted(dispute.items.all(), key=lambda e: (e.due_date, e.pk))
    payload = {
        "dispute_id": dispute.pk,
        "contract_id": dispute.contract.source_id,
        "tenant_id": dispute.tenant.source_id if dispute.tenant else None,
        "category": dispute.category.code,
        "category_name": dispute.category.name,
        "pauses_collection": dispute.category.pauses_collection,
        "status": dispute.status,
        "channel": dispute.channel,
        "opened_on": dispute.opened_on,
        "deadline": dispute.deadline,
        "resolver_team": dispute.resolver_team,
        "items": [
            {
                "ledger_entry_id": e.source_id,
                "amount": f"{e.amount:.2f}",
                "due_date": e.due_date,
                "description": e.description,
            }
            for e in items
        ],
        **extra,
    }
    event_publish(corporation=dispute.corporation, type=type, payload=payload)


def tenant_for(contract: Contract, tenant: Tenant | None) -> Tenant | None:
    parties = contract.parties.filter(removed_from_source_at__isnull=True).select_related("tenant")
    if tenant is not None:
        if not parties.filter(tenant=tenant).exists():
            raise ApplicationError(gettext("Deze huurder hoort niet bij deze huurovereenkomst."))
        return tenant
    return contract_main_tenant(contract=contract)
