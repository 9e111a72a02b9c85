"""The open principal items of a set of contracts, allocated as the ledger allocates them (art. 6:43-6:44 BW).

Collection costs and statutory interest are claims of their own kind, not principal: the WIK fee is computed
over the principal only (art. 2 Besluit BIK) and statutory interest runs on the principal (art. 6:119 BW).
One query for any number of contracts: the ledger's own open-items SQL, joined to the entries' categories.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from vangnet.core.models import Corporation
from vangnet.ledger.models import InvoiceCategory
from vangnet.ledger.services.standing import CENT_TOLERANCE, open_items_sql

NOT_PRINCIPAL = (InvoiceCategory.COLLECTION_COSTS.value, InvoiceCategory.INTEREST.value)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class PrincipalItem:
    entry_id: int
    due_date: date
    open_amount: Decimal


def open_principal_items(
    *, corporation: Corporation, contract_ids: Collection[int]
) -> dict[int, list[PrincipalItem]]:
    """contract id → its open principal items (rent, service costs, ...), oldest due date first."""
    ids = ", ".join(str(int(pk)) for pk in sorted(set(contract_ids)))
    if not ids:
        return {}
    sql = (
        f"SELECT items.contract_id, items.id, items.due_date, items.open_amount "
        f"FROM ({open_items_sql(f'AND contract_id IN ({ids})')}) items "
        f"JOIN ledger_ledgerentry e ON e.id = items.id "
        f"WHERE items.open_amount > {CENT_TOLERANCE} AND e.category NOT IN (%(costs)s, %(interest)s) "
        f"ORDER BY items.contract_id, items.due_date, items.id"
    )
    params: dict[str, int | str] = {
        "corporation": corporation.pk,
        "costs": NOT_PRINCIPAL[0],
        "interest": NOT_PRINCIPAL[1],
    }
    result: dict[int, list[PrincipalItem]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for contract_id, entry_id, due_date, open_amount in cursor.fetchall():
            if isinstance(due_date, str):
                due_date = date.fromisoformat(due_date)
            amount = Decimal(str(open_amount)).quantize(CENT)
            result[contract_id].append(PrincipalItem(entry_id, due_date, amount))
    return dict(result)


def principal_due_before(items: list[PrincipalItem], day: date) -> Decimal:
    """What is still open of the principal items that fell due before ``day`` (those in verzuim on it)."""
    return sum((item.open_amount for item in items if item.due_date < day), Decimal("0.00"))
