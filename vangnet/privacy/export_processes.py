"""The art. 15 export's part of the tenant-service processes: lettings with their signed contract,
payment-method changes, house swaps, the inspections of their terminations and home modifications with the
defects found, and appointments (five queries); and what the collection and campaigns hold beyond the ledger
(`collection_data`, eight queries). The queries do not grow with the history (docs/privacy.md)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from vangnet.appointments.models import Booking
from vangnet.arrangements.models import PaymentClaim
from vangnet.campaigns.models import CampaignTarget, ContactChange, MeterReading, SurveyAnswer
from vangnet.cases.models import Audience, Case, CaseEntry
from vangnet.contracts.models import (
    CoTenantChange,
    CoTenantConsent,
    Letting,
    PaymentMethodChange,
    ServiceSubscription,
    SwapParty,
)
from vangnet.earlysignal.models import Objection, Signal
from vangnet.handovers.models import Handover
from vangnet.inspections.models import Defect
from vangnet.ledger.models import ContractTenant
from vangnet.tenants.models import Tenant


def plain(value: Any) -> Any:
    """JSON's own types: dates and moments ISO 8601, amounts as strings with two decimals."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def rows(queryset: QuerySet, *fields: str, **renamed: str) -> list[dict[str, Any]]:
    names = {**{field: field for field in fields}, **renamed}
    return [
        {key: plain(row[field]) for key, field in names.items()} for row in queryset.values(*names.values())
    ]


def _with_file(records: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """A file's place in storage says nothing to the tenant: only whether there is one (it is in the ZIP)."""
    return [{**record, key: bool(record[key])} for record in records]


def readable_entries(*, tenant: Tenant) -> QuerySet[CaseEntry]:
    """The timeline entries of cases the tenant may read: of the cases they reported the entries for the
    party (and the colleagues' notes only of cases without an accused); of a nuisance report about them only
    the entries written for the accused, so nothing shows who reported."""
    as_party = Case.objects.filter(tenant=tenant)
    as_accused = Case.objects.filter(accused=tenant).exclude(tenant=tenant)
    return CaseEntry.objects.filter(
        Q(case__in=as_party, audience=Audience.PARTY)
        | Q(case__in=as_party, case__accused__isnull=True, audience=Audience.INTERNAL)
        | Q(case__in=as_accused, audience=Audience.ACCUSED)
    )


def processes_data(*, tenant: Tenant) -> dict[str, list[dict[str, Any]]]:
    own_cases = Q(inspection__case__termination__tenant=tenant) | Q(
        inspection__case__modification__tenant=tenant
    )
    return {
        "lettings": _with_file(
            rows(
                Letting.objects.filter(tenant=tenant).order_by("created_at", "pk"),
                "reference",
                "start_date",
                "monthly_rent",
                "monthly_service_costs",
                "deposit",
                "status",
                "signed_name",
                "signed_at",
                street="unit__street",
                house_number="unit__house_number",
                postcode="unit__postcode",
                city="unit__city",
                signed_contract="signed_pdf",
            ),
            "signed_contract",
        ),
        "payment_method_changes": rows(
            PaymentMethodChange.objects.filter(tenant=tenant).order_by("created_at", "pk"),
            "method",
            "iban",
            "account_holder",
            "collection_day",
            "mandate_id",
            "signed_name",
            "signed_at",
            "created_at",
            contract_id="contract__source_id",
        ),
        # Their own part of a swap: the other household's details are theirs.
        "swaps": rows(
            SwapParty.objects.filter(tenant=tenant).order_by("pk"),
            "household",
            "confirmed_at",
            status="swap__status",
            decided_on="swap__decided_on",
            contract_id="contract__source_id",
            new_street="new_unit__street",
            new_house_number="new_unit__house_number",
            new_city="new_unit__city",
        ),
        "co_tenant_changes": rows(
            CoTenantChange.objects.filter(requester=tenant).order_by("pk"),
            "change",
            "reason",
            "person_name",
            "birth_date",
            "status",
            "decided_on",
            contract_id="contract__source_id",
            case_number="case__number",
        ),
        "co_tenant_consents": rows(
            CoTenantConsent.objects.filter(tenant=tenant).order_by("pk"),
            "agreed",
            "answered_at",
            change="change__change",
            contract_id="change__contract__source_id",
            case_number="change__case__number",
        ),
        "service_subscriptions": rows(
            ServiceSubscription.objects.filter(tenant=tenant).order_by("pk"),
            "plan_name",
            "monthly_price",
            "start_date",
            "end_date",
            contract_id="contract__source_id",
        ),
        "inspection_defects": _with_file(
            rows(
                Defect.objects.filter(own_cases).order_by("inspection__done_at", "pk"),
                "room",
                "description",
                "payer",
                "cost",
                "photo",
                inspection="inspection__kind",
                inspected_at="inspection__done_at",
                case_number="inspection__case__number",
            ),
            "photo",
        ),
        "appointments": rows(
            Booking.objects.filter(tenant=tenant).order_by("start", "pk"), "start", "end", "purpose", "status"
        ),
    }


def collection_data(*, tenant: Tenant) -> dict[str, list[dict[str, Any]]]:
    """What the collection and the campaigns hold about the tenant beyond the ledger: payments they said
    they made, hand-overs of their debt to an agency, signals to the municipality (and their objection),
    campaigns they were approached in, with their answers, changed contact data and meter readings.
    Eight queries."""
    contracts = ContractTenant.objects.filter(tenant=tenant).values("contract_id")
    return {
        "payment_claims": rows(
            PaymentClaim.objects.filter(tenant=tenant).order_by("registered_on", "pk"),
            "paid_on",
            "amount",
            "status",
            "registered_on",
            "resolved_on",
            "channel",
            contract_id="contract__source_id",
        ),
        "handovers": rows(
            Handover.objects.filter(contract_id__in=contracts).order_by("proposed_on", "pk"),
            "status",
            "proposed_on",
            "decided_on",
            "handed_over_on",
            "amount",
            "stage",
            agency="agency__name",
            contract_id="contract__source_id",
        ),
        "early_signals": rows(
            Signal.objects.filter(tenant=tenant).order_by("signal_date", "pk"),
            "signal_date",
            "amount",
            "arrears_since",
            "repeat",
            "answer",
            "answered_on",
            municipality="municipality__name",
        ),
        "signal_objections": rows(
            Objection.objects.filter(tenant=tenant).order_by("registered_on", "pk"),
            "registered_on",
            "source",
            "note",
            "withdrawn_on",
        ),
        "campaign_targets": rows(
            CampaignTarget.objects.filter(tenant=tenant).order_by("pk"),
            "channel",
            "sent_on",
            "reminded_on",
            "answered_on",
            campaign="campaign__name",
        ),
        "survey_answers": rows(
            SurveyAnswer.objects.filter(tenant=tenant).order_by("answered_on", "pk"),
            "about",
            "score",
            "comment",
            "answered_on",
        ),
        "contact_changes": rows(
            ContactChange.objects.filter(tenant=tenant).order_by("changed_on", "pk"),
            "field",
            "old_value",
            "new_value",
            "changed_on",
        ),
        "meter_readings": _with_file(
            rows(
                MeterReading.objects.filter(target__tenant=tenant).order_by("read_on", "pk"),
                "value",
                "read_on",
                "source",
                "status",
                "problem",
                "photo",
                meter="meter__number",
            ),
            "photo",
        ),
    }
