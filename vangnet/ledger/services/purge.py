"""Removing a corporation's imported data in bulk: for the demo's --reset and the benchmarks only."""

from django.apps import apps
from django.db import connection, transaction

from vangnet.core import sql
from vangnet.core.audit import log_action
from vangnet.core.models import Corporation

# By label: the ledger sits below the apps whose rows it removes here and must not import them.
MODELS_IN_DELETE_ORDER = (
    "campaigns.SurveyAnswer",
    "campaigns.ContactChange",
    "campaigns.MeterReading",
    "campaigns.Meter",
    "campaigns.CampaignTarget",
    "campaigns.Campaign",
    "reports.ContractMonth",
    "messaging.OutgoingMessage",
    "messaging.Batch",
    "flows.ReversalFollowUp",
    "flows.EnrollmentEvent",
    "flows.StepRun",
    "flows.Enrollment",
    "flows.Hold",
    "flows.ContractSegment",
    "tasks.Task",
    "disputes.DisputeNote",
    "disputes.DisputeAttachment",
    "disputes.Dispute",
    "payments.Payment",
    "payments.PaymentRequest",
    "arrangements.PaymentClaim",
    "arrangements.Installment",
    "arrangements.Promise",
    "arrangements.Arrangement",
    "ledger.ContractStanding",
    "ledger.LedgerEntry",
    "ledger.ContractTenant",
    "ledger.Contract",
    "ledger.Unit",
    "tenants.TenantNote",
    "tenants.TenantDocument",
    "tenants.Circumstance",
    "tenants.Tenant",
    "ledger.ImportRun",
)


def corporation_data_purge(*, corporation: Corporation, actor: str) -> None:
    """Deletes every imported row of the corporation in a few statements (the ORM would go row by row)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # The one table without a corporation column: disputes' items, through their dispute.
        disputes = apps.get_model("disputes", "Dispute")
        through = disputes._meta.get_field("items").remote_field.through
        assert through is not None  # a many-to-many field always has its table
        items = sql.table(through)
        cursor.execute(
            f"DELETE FROM {items} WHERE dispute_id IN "
            f"(SELECT id FROM {sql.table(disputes)} WHERE corporation_id = %s)",
            [corporation.pk],
        )
        for model in MODELS_IN_DELETE_ORDER:
            cursor.execute(f"DELETE FROM {sql.table(model)} WHERE corporation_id = %s", [corporation.pk])
        log_action(corporation=corporation, actor=actor, action="corporation.data_purged", obj=corporation)
