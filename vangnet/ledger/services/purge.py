"""Removing a corporation's imported data in bulk: for the demo's --reset and the benchmarks only."""

from django.db import connection, transaction

from vangnet.core.audit import log_action
from vangnet.core.models import Corporation

TABLES_IN_DELETE_ORDER = (
    "messaging_outgoingmessage",
    "messaging_batch",
    "flows_reversalfollowup",
    "flows_enrollmentevent",
    "flows_steprun",
    "flows_enrollment",
    "flows_hold",
    "flows_contractsegment",
    "tasks_task",
    "disputes_disputenote",
    "disputes_disputeattachment",
    "disputes_dispute",
    "payments_payment",
    "payments_paymentrequest",
    "arrangements_paymentclaim",
    "arrangements_installment",
    "arrangements_promise",
    "arrangements_arrangement",
    "ledger_contractstanding",
    "ledger_ledgerentry",
    "ledger_contracttenant",
    "ledger_contract",
    "ledger_unit",
    "tenants_tenantnote",
    "tenants_tenantdocument",
    "tenants_tenant",
    "ledger_importrun",
)


def corporation_data_purge(*, corporation: Corporation, actor: str) -> None:
    """Deletes every imported row of the corporation in a few statements (the ORM would go row by row)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # The one table without a corporation column: disputes' items, through their dispute.
        cursor.execute(
            "DELETE FROM disputes_dispute_items WHERE dispute_id IN "
            "(SELECT id FROM disputes_dispute WHERE corporation_id = %s)",
            [corporation.pk],
        )
        for table in TABLES_IN_DELETE_ORDER:
            cursor.execute(f"DELETE FROM {table} WHERE corporation_id = %s", [corporation.pk])
        log_action(corporation=corporation, actor=actor, action="corporation.data_purged", obj=corporation)
