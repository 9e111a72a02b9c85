"""The rules of service_subscriptions.csv that span rows: a contract runs one subscription at a time (the
table's constraint), and a subscription is kept under a tenant of the contract, so the contract needs one.
Set-based, one statement per rule, compared as text so a row whose date is wrong (reported by the field
checks) cannot break the statement."""

from django.db import connection

from vangnet.core import sql
from vangnet.ledger.importing.schema import CONTRACT_TENANTS, SERVICE_SUBSCRIPTIONS, Entity
from vangnet.ledger.importing.schema import CONTRACTS as CONTRACTS_ENTITY
from vangnet.ledger.importing.staging import stage_table
from vangnet.ledger.importing.validation import MAX_ERRORS, ImportError_
from vangnet.ledger.models import Contract, ContractTenant

CONTRACTS = sql.table(Contract)
PARTIES = sql.table(ContractTenant)


def _as_text(date_column: str) -> str:
    return f"to_char({date_column}, 'YYYY-MM-DD')" if sql.is_postgres() else date_column


def subscription_errors(
    entity: Entity, file: str, staged: set[str], corporation_id: int
) -> list[ImportError_]:
    if entity.name != SERVICE_SUBSCRIPTIONS.name:
        return []
    stage = stage_table(entity)
    subscriptions = sql.table("contracts.ServiceSubscription")
    errors: list[ImportError_] = []
    with connection.cursor() as cursor:
        # Two running subscriptions of one contract in the delivery: the later row is wrong.
        cursor.execute(
            f"SELECT s.row_no, s.contract_id FROM {stage} s WHERE s.end_date = '' AND EXISTS (SELECT 1 "
            f"FROM {stage} o WHERE o.contract_id = s.contract_id AND o.end_date = '' AND o.row_no < s.row_no) "
            f"ORDER BY s.row_no LIMIT {MAX_ERRORS}"
        )
        errors += [
            ImportError_(
                file,
                row_no,
                "end_date",
                "",
                "dit contract heeft in het bestand al een lopend abonnement (zonder einddatum)",
                "the delivery already has a running subscription (no end date) for this contract",
            )
            for row_no, _contract in cursor.fetchall()
        ]
        # A running one in the delivery while Vangnet knows another running one the delivery does not end.
        start = _as_text("x.start_date")
        cursor.execute(
            f"SELECT s.row_no, x.plan, {start} FROM {stage} s "
            f"JOIN {CONTRACTS} c ON c.corporation_id = %s AND c.source_id = s.contract_id "
            f"JOIN {subscriptions} x ON x.contract_id = c.id AND x.end_date IS NULL "
            f"WHERE s.end_date = '' AND NOT (x.plan = s.plan AND {start} = s.start_date) "
            f"AND NOT EXISTS (SELECT 1 FROM {stage} e WHERE e.contract_id = s.contract_id "
            f"AND e.plan = x.plan AND e.start_date = {start} AND e.end_date <> '') "
            f"ORDER BY s.row_no LIMIT {MAX_ERRORS}",
            [corporation_id],
        )
        errors += [
            ImportError_(
                file,
                row_no,
                "end_date",
                "",
                f"dit contract heeft al een lopend abonnement ({plan}, vanaf {since}); stuur daarvan de einddatum",
                f"the contract already has a running subscription ({plan}, from {since}); send its end date",
            )
            for row_no, plan, since in cursor.fetchall()
        ]
        # A contract nobody rents: no party known and none in the delivery.
        in_delivery = (
            f"OR EXISTS (SELECT 1 FROM {stage_table(CONTRACT_TENANTS)} t WHERE t.contract_id = s.contract_id)"
            if CONTRACT_TENANTS.name in staged
            else ""
        )
        new_contract = (
            f"OR EXISTS (SELECT 1 FROM {stage_table(CONTRACTS_ENTITY)} n WHERE n.contract_id = s.contract_id)"
            if CONTRACTS_ENTITY.name in staged
            else ""
        )
        cursor.execute(
            f"SELECT s.row_no, s.contract_id FROM {stage} s "
            f"LEFT JOIN {CONTRACTS} c ON c.corporation_id = %s AND c.source_id = s.contract_id "
            f"WHERE NOT (EXISTS (SELECT 1 FROM {PARTIES} p WHERE p.contract_id = c.id) {in_delivery}) "
            f"AND (c.id IS NOT NULL {new_contract}) "
            f"ORDER BY s.row_no LIMIT {MAX_ERRORS}",
            [corporation_id],
        )
        errors += [
            ImportError_(
                file,
                row_no,
                "contract_id",
                contract,
                "op dit contract staat geen huurder; stuur contract_tenants.csv mee",
                "no tenant on this contract; send contract_tenants.csv with it",
            )
            for row_no, contract in cursor.fetchall()
        ]
    return errors
