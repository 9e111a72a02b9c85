"""Departed tenants whose balance is settled, anonymised after their period (docs/privacy.md).

A tenant is due when every contract they were a party to ended before the cut-off and every one of those
contracts stands at a zero balance. Anonymising replaces the name, clears contact data, the birth date, the
administrator's details and the debit IBAN and mandate of their ended contracts, their arrangements and their
payment-method changes, and removes their notes,
documents (with the files), contact attempts and circumstances. The ledger stays as it is: its amounts are
the corporation's administration. `anonymised_at` marks the tenant so it is not done twice. Set-based: a
fixed number of queries whatever the number of tenants.
"""

import datetime as dt

from django.db.models import Case, Exists, OuterRef, QuerySet, Value, When

from vangnet.arrangements.models import Arrangement
from vangnet.contracts.models import PaymentMethodChange
from vangnet.earlysignal.models import ContactAttempt
from vangnet.ledger.models import Contract, ContractTenant
from vangnet.tenants.models import (
    Circumstance,
    PortalVisit,
    Tenant,
    TenantDocument,
    TenantKind,
    TenantNote,
)

ANONYMOUS = "Geanonimiseerd"


def departed_tenants_due(*, corporation_id: int, days: int, as_of: dt.date) -> QuerySet:
    cut = as_of - dt.timedelta(days=days)
    parties = ContractTenant.objects.filter(tenant=OuterRef("pk"))
    return (
        Tenant.objects.filter(corporation_id=corporation_id, anonymised_at__isnull=True)
        .filter(Exists(parties))
        # Still renting, or left after the cut-off: not yet.
        .exclude(Exists(parties.filter(contract__end_date__isnull=True)))
        .exclude(Exists(parties.filter(contract__end_date__gte=cut)))
        # A contract with money still open either way (or no standing to tell): not settled.
        .exclude(Exists(parties.exclude(contract__standing__balance=0)))
    )


def tenants_anonymise(*, tenant_ids: list[int], now: dt.datetime) -> tuple[dict[str, int], list[str]]:
    """Anonymises the tenants; returns the rows touched per kind and the names of the files to remove."""
    documents = TenantDocument.objects.filter(tenant_id__in=tenant_ids)
    files = [name for name in documents.values_list("file", flat=True) if name]
    Tenant.objects.filter(pk__in=tenant_ids).update(
        initials="",
        first_name="",
        name_prefix="",
        last_name=Case(When(kind=TenantKind.PERSON, then=Value(ANONYMOUS)), default=Value("")),
        organisation_name=Case(When(kind=TenantKind.ORGANISATION, then=Value(ANONYMOUS)), default=Value("")),
        birth_date=None,
        email="",
        phone_mobile="",
        phone_home="",
        street="",
        house_number="",
        house_number_suffix="",
        postcode="",
        city="",
        administrator_name="",
        administrator_email="",
        administrator_phone="",
        administrator_address="",
        anonymised_at=now,
    )
    contracts = Contract.objects.filter(
        pk__in=ContractTenant.objects.filter(tenant_id__in=tenant_ids).values("contract_id")
    )
    counts = {
        "tenant_notes": TenantNote.objects.filter(tenant_id__in=tenant_ids).delete()[0],
        "tenant_documents": documents.delete()[0],
        "contact_attempts": ContactAttempt.objects.filter(tenant_id__in=tenant_ids).delete()[0],
        "circumstances": Circumstance.objects.filter(tenant_id__in=tenant_ids).delete()[0],
        "portal_visits": PortalVisit.objects.filter(tenant_id__in=tenant_ids).delete()[0],
        "contract_ibans": contracts.update(debit_iban="", mandate_id="")
        + Arrangement.objects.filter(contract__in=contracts)
        .exclude(debit_iban="")
        .update(debit_iban="", mandate_id="")
        + PaymentMethodChange.objects.filter(tenant_id__in=tenant_ids)
        .exclude(iban="", account_holder="")
        .update(iban="", account_holder="", mandate_id=""),
    }
    return counts, files
