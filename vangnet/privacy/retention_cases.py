"""Retention of the tenant-service processes: cases (zaken), lettings, swaps, tenaamstellingen, service
subscriptions, payment-method changes,
terminations with their inspections and settlement, home modifications, appointments and signing codes
(docs/privacy.md, "Periods in force").

Three periods of the corporation's `RetentionPolicy` hold: `contract_records` (what a contract rests on:
the signed contract PDF, a payment-method change with its mandate, a termination with its end inspection and
final settlement, a home modification; kept while the contract runs and the period after it ended),
`service_cases` (closed cases that are not such a record, past appointments) and `nuisance_reporters` (who
reported nuisance, cleared from a closed nuisance case well before the case itself goes). Signing codes
follow the portal's access log. Each kind is one set-based statement per corporation; `processes_apply`
returns the counts and the files to remove once the transaction is done.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from vangnet.appointments.models import Booking
from vangnet.cases.models import Audience, Case, CaseEntry
from vangnet.contracts.models import (
    CoTenantChange,
    CoTenantStatus,
    Letting,
    LettingStatus,
    PaymentMethodChange,
    ServiceSubscription,
    SigningCode,
    Swap,
    SwapStatus,
)
from vangnet.core.retention import Periods
from vangnet.inspections.models import Defect
from vangnet.ledger.models import ContractTenant

# The report's keys (docs/privacy.md), in the order they are deleted: a letting and a swap hold on to their
# case, so they go before the cases; a booking is let go by its inspection.
DELETED = (
    "signing_codes",
    "payment_method_changes",
    "lettings",
    "swaps",
    "co_tenant_changes",
    "service_subscriptions",
    "terminations",
    "home_modifications",
    "service_cases",
    "bookings",
)
ANONYMISED = ("nuisance_reporters",)
FILES = ("signed_contracts", "case_files")
CASE_KINDS = ("terminations", "home_modifications", "service_cases")


def _days(days: int) -> dt.timedelta:
    return dt.timedelta(days=days)


def processes_due(
    *, corporation_id: int, periods: Periods, now: dt.datetime, as_of: dt.date
) -> dict[str, QuerySet]:
    """What of one corporation's processes has passed its period, as querysets (nothing is read yet)."""
    own = {"corporation_id": corporation_id}
    contract_cut = as_of - _days(periods["contract_records"])
    case_cut = as_of - _days(periods["service_cases"])
    closed = Case.objects.filter(**own, closed=True)
    # A home modification matters when the tenant leaves (what stays, what is put back): it stays while the
    # tenant rents the home and the period after.
    renting = ContractTenant.objects.filter(
        tenant=OuterRef("modification__tenant"), contract__unit=OuterRef("modification__unit")
    ).filter(Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=contract_cut))
    return {
        "signing_codes": SigningCode.objects.filter(
            **own, expires_at__lt=now - _days(periods["portal_access_log"])
        ),
        "payment_method_changes": PaymentMethodChange.objects.filter(
            **own, contract__end_date__lt=contract_cut
        ),
        # A signed letting goes with its contract; one that lapsed unsigned after the service period.
        "lettings": Letting.objects.filter(**own).filter(
            Q(contract__end_date__lt=contract_cut)
            | Q(
                contract__isnull=True,
                status=LettingStatus.CANCELLED,
                created_at__lt=now - _days(periods["service_cases"]),
            )
        ),
        # An approved swap is what the new contracts rest on; a refused one is an ordinary closed case.
        "swaps": Swap.objects.filter(**own, case__closed=True).filter(
            Q(status=SwapStatus.APPROVED, case__closed_on__lt=contract_cut)
            | Q(~Q(status=SwapStatus.APPROVED), case__closed_on__lt=case_cut)
        ),
        # An approved tenaamstelling is what the contract's parties rest on; a refused one is a closed case.
        # Its consents go with it.
        "co_tenant_changes": CoTenantChange.objects.filter(**own, case__closed=True).filter(
            Q(status=CoTenantStatus.APPROVED, case__closed_on__lt=contract_cut)
            | Q(~Q(status=CoTenantStatus.APPROVED), case__closed_on__lt=case_cut)
        ),
        # A subscription is part of what the tenant pays under the contract: kept the period after it ended.
        "service_subscriptions": ServiceSubscription.objects.filter(**own, end_date__lt=contract_cut),
        "terminations": closed.filter(termination__contract__end_date__lt=contract_cut),
        "home_modifications": closed.filter(modification__isnull=False, closed_on__lt=case_cut).exclude(
            Exists(renting)
        ),
        "service_cases": closed.filter(
            closed_on__lt=case_cut, termination__isnull=True, modification__isnull=True
        )
        .exclude(Exists(Letting.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(Swap.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(CoTenantChange.objects.filter(case=OuterRef("pk")))),
        "bookings": Booking.objects.filter(
            **own, end__lt=now - _days(periods["service_cases"]), inspection__isnull=True
        ),
    }


def nuisance_reporters_due(*, corporation_id: int, periods: Periods, as_of: dt.date) -> QuerySet:
    """Closed nuisance cases (with an accused) past the period that still say who reported them."""
    return Case.objects.filter(
        corporation_id=corporation_id,
        closed=True,
        accused__isnull=False,
        closed_on__lt=as_of - _days(periods["nuisance_reporters"]),
    ).filter(
        Q(tenant__isnull=False) | ~Q(party_name="") | ~Q(party_email="") | ~Q(party_phone="") | ~Q(answers={})
    )


def _case_files(cases: QuerySet) -> list[str]:
    entries = CaseEntry.objects.filter(case__in=cases).exclude(file="").values_list("file", flat=True)
    photos = (
        Defect.objects.filter(inspection__case__in=cases).exclude(photo="").values_list("photo", flat=True)
    )
    return [*entries, *photos]


def processes_apply(
    *, corporation_id: int, periods: Periods, now: dt.datetime, as_of: dt.date, dry_run: bool
) -> tuple[dict[str, int], dict[str, int], dict[str, list[str]]]:
    """Deletes what is due (a dry run only counts) and clears the reporters of old nuisance cases.

    Returns the rows deleted per kind, the nuisance cases cleared, and the names of the files to remove.
    A dry run counts the cases of a letting or swap that goes this night with the next night's."""
    due = processes_due(corporation_id=corporation_id, periods=periods, now=now, as_of=as_of)
    reporters = nuisance_reporters_due(corporation_id=corporation_id, periods=periods, as_of=as_of)
    files: dict[str, list[str]] = {kind: [] for kind in FILES}
    if dry_run:
        return (
            {kind: rows.count() for kind, rows in due.items()},
            {"nuisance_reporters": reporters.count()},
            files,
        )
    cleared = _reporters_clear(reporters, files)
    deleted: dict[str, int] = {}
    for kind in DELETED:
        rows = due[kind]
        if kind == "lettings":
            files["signed_contracts"] += [name for name in rows.values_list("signed_pdf", flat=True) if name]
        if kind in CASE_KINDS:
            files["case_files"] += _case_files(rows)
        deleted[kind] = _delete(rows)
    return deleted, {"nuisance_reporters": cleared}, files


def _reporters_clear(cases: QuerySet, files: dict[str, list[str]]) -> int:
    """Removes the reporter from the cases: the link to them, their name and contact data, their answers
    (their account in their own words) and the timeline written for them (with their uploads). The case
    stays with its type, stages, dates and the colleagues' notes until its own period."""
    ids = list(cases.values_list("pk", flat=True))
    if not ids:
        return 0
    theirs = CaseEntry.objects.filter(case_id__in=ids, audience=Audience.PARTY)
    files["case_files"] += [name for name in theirs.values_list("file", flat=True) if name]
    theirs.delete()
    return Case.objects.filter(pk__in=ids).update(
        tenant=None, party_name="", party_email="", party_phone="", answers={}
    )


def _delete(rows: QuerySet) -> int:
    _, per_model = rows.delete()
    return per_model.get(rows.model._meta.label, 0)
