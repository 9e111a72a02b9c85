"""All data of one tenant (AVG art. 15, the right of access), as JSON and as a PDF.

`tenant_data` gathers what Vangnet holds about the tenant in a fixed number of queries: their details,
contracts and ledger, messages and letters, notes and documents, circumstances, disputes, arrangements with
their budget checks and promises, cases (zaken) with the timeline they may read, contacts, contact attempts
and calls, lettings with their signed contract, payment-method changes, swaps,
terminations, inspections and appointments, and who viewed or changed their data (the audit log), with
the periods the corporation keeps it. `tenant_data_export` is the service behind the tenant card's download:
it writes `tenant.data_exported` to the audit log and returns the file. The PDF is laid out by typst
(`tenant_data.typ`) from the same data; text reaches typst as strings only, never as markup.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.arrangements.models import Arrangement, BudgetCheck, Promise
from vangnet.cases.models import Case, Contact
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry, Corporation
from vangnet.core.retention import corporation_periods
from vangnet.disputes.models import Dispute, DisputeAttachment
from vangnet.earlysignal.models import ContactAttempt
from vangnet.inspections.models import Modification, Termination
from vangnet.ledger.models import ContractTenant, LedgerEntry
from vangnet.messaging.models import OutgoingMessage
from vangnet.privacy.archive import tenant_data_zip
from vangnet.privacy.document import tenant_data_pdf
from vangnet.privacy.export_processes import collection_data, processes_data, readable_entries
from vangnet.privacy.export_processes import plain as _plain
from vangnet.privacy.export_processes import rows as _rows
from vangnet.tasks.models import Task
from vangnet.tenants.models import Circumstance, Tenant, TenantDocument, TenantNote

FORMATS = {"json": "application/json", "pdf": "application/pdf", "zip": "application/zip"}

TENANT_FIELDS = (
    "source_id",
    "kind",
    "initials",
    "first_name",
    "name_prefix",
    "last_name",
    "organisation_name",
    "birth_date",
    "language",
    "tone",
    "email",
    "phone_mobile",
    "phone_home",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "country",
    "preferred_channel",
    "no_voice_calls",
    "no_sms",
    "no_email",
    "paper_only",
    "administrator_name",
    "administrator_email",
    "administrator_phone",
    "administrator_address",
    "administrator_since",
    "administrator_until",
    "debt_counselling_since",
    "debt_counselling_until",
    "wsnp_since",
    "wsnp_until",
    "deceased_on",
    "anonymised_at",
)


def tenant_data(*, tenant: Tenant, now: dt.datetime) -> dict[str, Any]:
    """Everything held about one tenant, as plain data. Thirty-three queries, whatever the history."""
    contracts = ContractTenant.objects.filter(tenant=tenant).values("contract_id")
    disputes = Dispute.objects.filter(contract_id__in=contracts)
    arrangements = Arrangement.objects.filter(contract_id__in=contracts)
    return {
        "export": {
            "made_at": _plain(now),
            "corporation": tenant.corporation.name,
            "tenant_id": tenant.source_id,
            "retention_days": corporation_periods(tenant.corporation),
        },
        "tenant": {field: _plain(getattr(tenant, field)) for field in TENANT_FIELDS},
        "contracts": _rows(
            ContractTenant.objects.filter(tenant=tenant).order_by("contract__start_date", "pk"),
            "role",
            contract_id="contract__source_id",
            start_date="contract__start_date",
            end_date="contract__end_date",
            street="contract__unit__street",
            house_number="contract__unit__house_number",
            postcode="contract__unit__postcode",
            city="contract__unit__city",
            monthly_rent="contract__monthly_rent",
            payment_method="contract__payment_method",
            debit_iban="contract__debit_iban",
            mandate_id="contract__mandate_id",
            payment_reference="contract__payment_reference",
        ),
        "ledger": _rows(
            LedgerEntry.objects.filter(contract_id__in=contracts).order_by("booking_date", "pk"),
            "kind",
            "category",
            "booking_date",
            "due_date",
            "amount",
            "description",
            entry_id="source_id",
            contract_id="contract__source_id",
        ),
        "messages": _rows(
            OutgoingMessage.objects.filter(tenant=tenant).order_by("created_at", "pk"),
            "channel",
            "recipient_name",
            "address",
            "subject",
            "status",
            "body_text",
            template="template_code",
            created_at="created_at",
            sent_at="sent_at",
        ),
        "notes": _rows(
            TenantNote.objects.filter(tenant=tenant).order_by("created_at", "pk"),
            "text",
            "author",
            "shareable",
            "created_at",
        ),
        "documents": _rows(
            TenantDocument.objects.filter(tenant=tenant).order_by("created_at", "pk"),
            "title",
            "content_type",
            "size",
            "uploaded_by",
            "created_at",
            file_name="original_name",
        ),
        "circumstances": _rows(
            Circumstance.objects.filter(tenant=tenant).order_by("starts_on", "pk"),
            "starts_on",
            "ends_on",
            "source",
            kind="kind__name",
        ),
        "disputes": _rows(
            disputes.order_by("opened_on", "pk"),
            "status",
            "channel",
            "description",
            "opened_on",
            "resolved_on",
            "solution",
            category="category__name",
            contract_id="contract__source_id",
        ),
        "dispute_attachments": _rows(
            DisputeAttachment.objects.filter(dispute__in=disputes).order_by("created_at", "pk"),
            "content_type",
            "size",
            "created_at",
            file_name="original_name",
            dispute_opened_on="dispute__opened_on",
        ),
        "arrangements": _rows(
            arrangements.order_by("agreed_on", "pk"),
            "status",
            "agreed_on",
            "start_date",
            "total_amount",
            "channel",
            "debit_iban",
            "broken_on",
            contract_id="contract__source_id",
        ),
        "budget_checks": _rows(
            BudgetCheck.objects.filter(arrangement__in=arrangements).order_by("entered_on", "pk"),
            "household",
            "children",
            "income",
            "rent",
            "energy",
            "insurance",
            "care",
            "debts",
            "allowance",
            "affordable",
            "channel",
            "entered_on",
            "corrected_on",
            arrangement_agreed_on="arrangement__agreed_on",
        ),
        **_cases(tenant),
        "promises": _rows(
            Promise.objects.filter(contract_id__in=contracts).order_by("made_on", "pk"),
            "status",
            "made_on",
            "promised_date",
            "amount",
            "channel",
            contract_id="contract__source_id",
        ),
        "contacts": _rows(
            Contact.objects.filter(tenant=tenant).order_by("at", "pk"),
            "at",
            "channel",
            "subject",
            "outcome",
            "notes",
            "handled_by",
        ),
        "terminations": _rows(
            Termination.objects.filter(tenant=tenant).order_by("given_on", "pk"),
            "given_on",
            "end_date",
            "reason",
            "forwarding_address",
            "co_tenant_name",
            "deposit",
            "settled_on",
            "balance",
            contract_id="contract__source_id",
        ),
        "home_modifications": _rows(
            Modification.objects.filter(tenant=tenant).order_by("pk"),
            "change_name",
            "description",
            "decision",
            "conditions",
            "decided_on",
            "completed_on",
        ),
        **processes_data(tenant=tenant),
        **collection_data(tenant=tenant),
        "contact_attempts": _rows(
            ContactAttempt.objects.filter(tenant=tenant).order_by("happened_on", "pk"),
            "happened_on",
            "method",
            "reached",
            "note",
            "author",
        ),
        "tasks": _rows(
            Task.objects.filter(tenant=tenant).order_by("created_at", "pk"),
            "kind",
            "title",
            "status",
            "outcome",
            "created_at",
            "completed_at",
        ),
        "access_log": _rows(
            AuditEntry.objects.filter(corporation_id=tenant.corporation_id, tenant_id=tenant.pk).order_by(
                "created_at", "pk"
            ),
            "action",
            "created_at",
            actor="actor_label",
        ),
    }


def _cases(tenant: Tenant) -> dict[str, list[dict[str, Any]]]:
    """The cases the tenant reported (as the party) and those about them (a nuisance report's accused), with
    the timeline entries each may read. The accused never gets who reported them: of those cases only the
    number, the type, the stage and the dates, and the entries written for the accused; a reporter gets
    the entries for the party, and the colleagues' notes only of cases without an accused."""
    as_party = Case.objects.filter(tenant=tenant)
    as_accused = Case.objects.filter(accused=tenant).exclude(tenant=tenant)
    return {
        "cases": _rows(
            as_party.order_by("opened_on", "pk"),
            "number",
            "subject",
            "answers",
            "category",
            "urgency",
            "stage",
            "channel",
            "opened_on",
            "closed_on",
            "satisfaction",
            case_type="case_type__name",
        )
        + [
            {**row, "about_you": True}
            for row in _rows(
                as_accused.order_by("opened_on", "pk"),
                "number",
                "stage",
                "opened_on",
                "closed_on",
                case_type="case_type__name",
            )
        ],
        "case_entries": _rows(
            readable_entries(tenant=tenant).order_by("at", "pk"),
            "kind",
            "text",
            "file_name",
            "at",
            case_number="case__number",
        ),
    }


@dataclass(frozen=True)
class ExportedFile:
    name: str
    content_type: str
    content: bytes


def tenant_data_export(
    *, corporation: Corporation, tenant_id: int, fmt: str, actor: Actor, now: dt.datetime
) -> ExportedFile:
    """One tenant's data as a file to download (fmt "json", "pdf" or "zip": both with the files,
    `privacy.archive`); audited as `tenant.data_exported`."""
    if fmt not in FORMATS:
        raise ApplicationError(_("Kies JSON, PDF of ZIP."))
    tenant = (
        Tenant.objects.select_related("corporation").filter(corporation=corporation, pk=tenant_id).first()
    )
    if tenant is None:
        raise ApplicationError(_("Deze huurder bestaat niet (meer)."))
    data = tenant_data(tenant=tenant, now=now)
    if fmt == "zip":
        content = tenant_data_zip(tenant=tenant, data=data)
    elif fmt == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    else:
        content = tenant_data_pdf(data)
    log_action(
        corporation=corporation, actor=actor, action="tenant.data_exported", obj=tenant, data={"format": fmt}
    )
    stem = f"gegevens-huurder-{tenant.source_id}-{timezone.localdate(now).isoformat()}"
    return ExportedFile(f"{stem}.{fmt}", FORMATS[fmt], content)
