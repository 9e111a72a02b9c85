"""Removing a corporation's imported data in bulk: for the demo's --reset and the benchmarks only."""

from django.apps import apps
from django.db import connection, transaction

from vangnet.core import sql
from vangnet.core.audit import log_action
from vangnet.core.models import Corporation

# By label: the ledger sits below the apps whose rows it removes here and must not import them.
MODELS_IN_DELETE_ORDER = (
    "inspections.Defect",
    "inspections.Inspection",
    "inspections.Termination",
    "inspections.Modification",
    "appointments.Booking",
    "contracts.CoTenantConsent",
    "contracts.CoTenantChange",
    "contracts.ServiceSubscription",
    "contracts.SwapParty",
    "contracts.Swap",
    "contracts.SigningCode",
    "contracts.RentDebit",
    "contracts.PaymentMethodChange",
    "contracts.Letting",
    "cases.Contact",
    "cases.WorkOrder",
    "cases.CaseEntry",
    "cases.Case",
    "earlysignal.Signal",
    "earlysignal.SignalFile",
    "earlysignal.SignalBatch",
    "earlysignal.Objection",
    "earlysignal.ContactAttempt",
    "campaigns.SurveyAnswer",
    "campaigns.ContactChange",
    "campaigns.MeterReading",
    "campaigns.Meter",
    "campaigns.CampaignTarget",
    "campaigns.Campaign",
    "reports.ContractMonth",
    "reports.MonthTotal",
    "handovers.AgencyPayment",
    "handovers.FeedbackImport",
    "handovers.HandoverExportFile",
    "handovers.HandoverExport",
    "handovers.HandoverUpdate",
    "handovers.Handover",
    "messaging.OutgoingMessage",
    "messaging.Batch",
    "flows.ReversalFollowUp",
    "flows.EnrollmentEvent",
    "flows.StepRun",
    "flows.Enrollment",
    "flows.Hold",
    "flows.ContractSegment",
    "tasks.Task",
    "bank.BankTransaction",
    "bank.BankStatementImport",
    "disputes.DisputeNote",
    "disputes.DisputeAttachment",
    "disputes.Dispute",
    "payments.Payment",
    "payments.PaymentRequest",
    "arrangements.PaymentClaim",
    "arrangements.BudgetCheck",
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
# (owner, many-to-many field, the link table's column for the owner): disputes' items, the hand-overs of a
# delivery to an agency. Agencies and their checks are configuration and stay, as the flows do, as do case
# types, knowledge articles, municipalities and the signal policy.
THROUGH_TABLES = (
    ("disputes.Dispute", "items", "dispute_id"),
    ("handovers.HandoverExport", "handovers", "handoverexport_id"),
)


def corporation_data_purge(*, corporation: Corporation, actor: str) -> None:
    """Deletes every imported row of the corporation in a few statements (the ORM would go row by row)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # The tables without a corporation column: many-to-many links, through their owner.
        for label, field, column in THROUGH_TABLES:
            owner = apps.get_model(label)
            through = owner._meta.get_field(field).remote_field.through
            assert through is not None  # a many-to-many field always has its table
            cursor.execute(
                f"DELETE FROM {sql.table(through)} WHERE {column} IN "
                f"(SELECT id FROM {sql.table(owner)} WHERE corporation_id = %s)",
                [corporation.pk],
            )
        for model in MODELS_IN_DELETE_ORDER:
            cursor.execute(f"DELETE FROM {sql.table(model)} WHERE corporation_id = %s", [corporation.pk])
        log_action(corporation=corporation, actor=actor, action="corporation.data_purged", obj=corporation)
