"""The nightly retention job (AVG art. 5(1)(e)): delete or anonymise what has passed its period.

Per corporation its own periods (`core.RetentionPolicy`, else the sector's defaults; docs/privacy.md):
closed dossiers with their messages and letters, contact attempts and call notes, the portal's access log
and lockout counters, uploads of resolved disputes, circumstances that ended, the budget checks of arrangements that ended, and
departed tenants whose balance is settled (anonymised, `privacy.anonymise`), and the tenant-service processes
(cases, lettings with their signed PDFs, terminations, appointments: `privacy.retention_cases`). Every kind is one set-based statement per corporation,
so the queries grow with the number of corporations, never with the rows. Files on disk (letters' PDFs,
dispute attachments, tenant documents) are removed after the rows, once the transaction is done.

`retention_apply` is behind `vangnet retention` and the Celery beat task `core.retention` (04:15). Each
corporation's audit log records what was done with its own data, the platform's log the whole.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from vangnet.arrangements.models import ArrangementStatus, BudgetCheck
from vangnet.campaigns.models import CampaignStatus, CampaignTarget, ContactChange, SurveyAnswer
from vangnet.cases.models import Contact
from vangnet.core.audit import Actor, log_action
from vangnet.core.models import Corporation
from vangnet.core.retention import (
    Periods,
    access_records_due,
    expired_sessions,
    platform_periods,
    retention_periods,
)
from vangnet.disputes.models import DisputeAttachment, DisputeStatus
from vangnet.earlysignal.models import ContactAttempt
from vangnet.flows.models import Enrollment, EnrollmentStatus
from vangnet.handovers.models import HandoverExport
from vangnet.messaging.models import FINAL_STATUSES, OutgoingMessage
from vangnet.payments.models import Payment, PaymentRequest, PaymentRequestStatus
from vangnet.privacy import retention_cases
from vangnet.privacy.anonymise import departed_tenants_due, tenants_anonymise
from vangnet.tasks.models import Task, TaskKind, TaskStatus
from vangnet.tenants.models import Circumstance

ENDED_ARRANGEMENTS = (
    ArrangementStatus.COMPLETED,
    ArrangementStatus.BROKEN,
    ArrangementStatus.CANCELLED,
    ArrangementStatus.REJECTED,
)

# The keys of the report, in this order (docs/privacy.md shows the JSON).
DELETED = (
    "portal_access_log",
    "access_throttle",
    "sessions",
    "closed_dossiers",
    "messages",
    "contact_attempts",
    "call_notes",
    "contacts",
    "dispute_attachments",
    "circumstances",
    "budget_checks",
    "contact_changes",
    "survey_answers",
    "campaign_targets",
    "payments",
    "payment_requests",
    "handover_exports",
    *retention_cases.DELETED,
)
ANONYMISED = (
    "tenants",
    "tenant_notes",
    "tenant_documents",
    "contact_attempts",
    "circumstances",
    "portal_visits",
    "contract_ibans",
    *retention_cases.ANONYMISED,
)
FILES = ("letters", "dispute_attachments", "tenant_documents", *retention_cases.FILES)
# Files under MEDIA_ROOT, removed through Django's storage.
STORED_FILES = FILES[1:]


def _days(days: int) -> dt.timedelta:
    return dt.timedelta(days=days)


def _due(corporation_id: int, periods: Periods, now: dt.datetime, as_of: dt.date) -> dict[str, QuerySet]:
    """What of one corporation has passed its period, as querysets (nothing is read yet)."""
    dossiers = Enrollment.objects.filter(
        corporation_id=corporation_id,
        status=EnrollmentStatus.CLOSED,
        closed_on__lt=as_of - _days(periods["closed_dossiers"]),
    )
    messages = OutgoingMessage.objects.filter(corporation_id=corporation_id).filter(
        Q(enrollment__in=dossiers)
        | Q(step_run__enrollment__in=dossiers)
        # Notices outside any dossier (a payment received, an invoice copy) keep the same period.
        | Q(
            enrollment__isnull=True,
            step_run__isnull=True,
            status__in=FINAL_STATUSES,
            created_at__lt=now - _days(periods["closed_dossiers"]),
        )
    )
    contact_cut = as_of - _days(periods["contact_notes"])
    household_cut = as_of - _days(periods["circumstances"])
    contact_cut_at = now - _days(periods["contact_notes"])
    return {
        **access_records_due(corporation_id=corporation_id, periods=periods, now=now),
        "messages": messages,
        "closed_dossiers": dossiers,
        "contact_attempts": ContactAttempt.objects.filter(
            corporation_id=corporation_id, happened_on__lt=contact_cut
        ),
        "call_notes": Task.objects.filter(
            corporation_id=corporation_id,
            kind=TaskKind.CALL,
            status__in=(TaskStatus.DONE, TaskStatus.CANCELLED),
            created_at__lt=contact_cut_at,
        ),
        "contacts": Contact.objects.filter(corporation_id=corporation_id, at__lt=contact_cut_at),
        "dispute_attachments": DisputeAttachment.objects.filter(
            corporation_id=corporation_id,
            dispute__status__in=(DisputeStatus.RESOLVED, DisputeStatus.REJECTED),
            dispute__resolved_on__lt=as_of - _days(periods["dispute_uploads"]),
        ),
        "circumstances": Circumstance.objects.filter(
            corporation_id=corporation_id, ends_on__lt=household_cut
        ),
        # A household's income and costs are facts of the same kind as a circumstance: they keep its period,
        # counted from the day the arrangement ended (completed, broken) or, turned down, was agreed on.
        "budget_checks": BudgetCheck.objects.filter(
            corporation_id=corporation_id, arrangement__status__in=ENDED_ARRANGEMENTS
        ).filter(
            Q(arrangement__completed_on__lt=household_cut)
            | Q(arrangement__broken_on__lt=household_cut)
            | Q(
                arrangement__completed_on__isnull=True,
                arrangement__broken_on__isnull=True,
                arrangement__agreed_on__lt=household_cut,
            )
        ),
        **_campaigns_due(corporation_id, periods, as_of),
        **_payments_due(corporation_id, periods, now),
        "handover_exports": HandoverExport.objects.filter(
            corporation_id=corporation_id, created_at__lt=now - _days(periods["handover_exports"])
        ),
    }


def _campaigns_due(corporation_id: int, periods: Periods, as_of: dt.date) -> dict[str, QuerySet]:
    """A campaign's targets (who got which personal code, how and when they answered) once the campaign
    finished before the period; survey answers and replaced contact data by their own day. Meter readings
    stay: they are the service-cost administration (the link to the target is cleared)."""
    cut = as_of - _days(periods["campaigns"])
    return {
        # Before the targets: both point at a target, and go by their own day.
        "contact_changes": ContactChange.objects.filter(corporation_id=corporation_id, changed_on__lt=cut),
        "survey_answers": SurveyAnswer.objects.filter(corporation_id=corporation_id, answered_on__lt=cut),
        "campaign_targets": CampaignTarget.objects.filter(
            corporation_id=corporation_id,
            campaign__status=CampaignStatus.FINISHED,
            campaign__finished_on__lt=cut,
        ),
    }


def _payments_due(corporation_id: int, periods: Periods, now: dt.datetime) -> dict[str, QuerySet]:
    """Pay links made before the period that are no longer open (paid, expired, withdrawn, replaced, or
    open but long past their validity), with their attempts at the provider. The booking of a payment
    stays on the ledger: it is the administration."""
    cut = now - _days(periods["payment_requests"])
    requests = PaymentRequest.objects.filter(corporation_id=corporation_id, created_at__lt=cut).filter(
        ~Q(status=PaymentRequestStatus.OPEN) | Q(expires_at__lt=cut)
    )
    # The attempts first: an attempt holds on to its request.
    return {
        "payments": Payment.objects.filter(corporation_id=corporation_id, request__in=requests),
        "payment_requests": requests,
    }


def _empty_report() -> dict[str, Any]:
    return {
        "deleted": dict.fromkeys(DELETED, 0),
        "anonymised": dict.fromkeys(ANONYMISED, 0),
        "files_removed": dict.fromkeys(FILES, 0),
    }


def _apply_corporation(
    corporation_id: int, periods: Periods, now: dt.datetime, dry_run: bool, files: dict[str, list[str]]
) -> dict[str, Any]:
    as_of = timezone.localdate(now)
    report = _empty_report()
    due = _due(corporation_id, periods, now, as_of)
    departed = departed_tenants_due(
        corporation_id=corporation_id, days=periods["departed_tenants"], as_of=as_of
    )
    deleted, cleared, process_files = retention_cases.processes_apply(
        corporation_id=corporation_id, periods=periods, now=now, as_of=as_of, dry_run=dry_run
    )
    report["deleted"].update(deleted)
    report["anonymised"].update(cleared)
    for kind, names in process_files.items():
        files[kind] += names
    if dry_run:
        for kind, rows in due.items():
            report["deleted"][kind] = rows.count()
        report["anonymised"]["tenants"] = departed.count()
        return report
    letters = list(due["messages"].exclude(pdf_path="").values_list("pdf_path", flat=True))
    attachments = [name for name in due["dispute_attachments"].values_list("file", flat=True) if name]
    # Messages before their dossiers: a message holds on to its flow step's run.
    for kind in ("messages", *(k for k in due if k != "messages")):
        report["deleted"][kind] = _delete(due[kind])
    tenant_ids = list(departed.values_list("pk", flat=True))
    if tenant_ids:
        counts, documents = tenants_anonymise(tenant_ids=tenant_ids, now=now)
        report["anonymised"].update(tenants=len(tenant_ids), **counts)
        files["tenant_documents"] += documents
    files["letters"] += letters
    files["dispute_attachments"] += attachments
    return report


def _delete(rows: QuerySet) -> int:
    """Deletes the rows and returns how many of the queryset's own model went (not the cascade)."""
    _, per_model = rows.delete()
    return per_model.get(rows.model._meta.label, 0)


def _remove_files(files: dict[str, list[str]]) -> dict[str, int]:
    """Removes the files of the deleted rows; a file already gone is not counted. Letters are removed only
    inside the letter directory, whatever a row says."""
    letter_dir = Path(settings.MESSAGING_LETTER_DIR).resolve()
    removed = dict.fromkeys(FILES, 0)
    for path in files["letters"]:
        file = Path(path).resolve()
        if file.is_relative_to(letter_dir) and file.is_file():
            file.unlink()
            removed["letters"] += 1
    for kind in STORED_FILES:
        for name in files[kind]:
            if default_storage.exists(name):
                default_storage.delete(name)
                removed[kind] += 1
    return removed


def _add(total: dict[str, Any], part: dict[str, Any]) -> None:
    for section, counts in part.items():
        for key, value in counts.items():
            total[section][key] += value


def _changed(report: dict[str, Any]) -> bool:
    return any(value for counts in report.values() for value in counts.values())


def retention_apply(*, now: dt.datetime, actor: Actor, dry_run: bool = False) -> dict[str, Any]:
    """Deletes and anonymises what is due; returns per kind how many rows (a dry run only counts) and how
    many files were removed: {"deleted": {...}, "anonymised": {...}, "files_removed": {...}}."""
    total = _empty_report()
    files: dict[int, dict[str, list[str]]] = {}
    with scopes_disabled():
        periods = retention_periods()
        per_corporation: dict[int, dict[str, Any]] = {}
        with transaction.atomic():
            for corporation_id, own in periods.items():
                files[corporation_id] = {kind: [] for kind in FILES}
                per_corporation[corporation_id] = _apply_corporation(
                    corporation_id, own, now, dry_run, files[corporation_id]
                )
                _add(total, per_corporation[corporation_id])
            # The platform's own rows: access records of no corporation, and the sessions.
            platform = access_records_due(corporation_id=None, periods=platform_periods(), now=now)
            platform["sessions"] = expired_sessions(now=now)
            for kind, rows in platform.items():
                total["deleted"][kind] += rows.count() if dry_run else rows.delete()[0]
        if dry_run:
            return total
        # Files only once the rows are gone for good; each corporation's audit entry counts its own.
        for corporation_id, own_files in files.items():
            removed = _remove_files(own_files)
            per_corporation[corporation_id]["files_removed"] = removed
            _add(total, {"files_removed": removed})
        corporations = Corporation.objects.in_bulk(
            [pk for pk, part in per_corporation.items() if _changed(part)]
        )
        for pk, corporation in corporations.items():
            log_action(
                corporation=corporation, actor=actor, action="retention.applied", data=per_corporation[pk]
            )
        log_action(corporation=None, actor=actor, action="retention.applied", data=total)
    return total
