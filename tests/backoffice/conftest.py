"""Two corporations, each with a credit manager and a tenant on a contract: isolation tests are one-liners."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import (
    ContractStandingFactory,
    ContractTenantFactory,
    CorporationFactory,
    MembershipFactory,
    TenantFactory,
    UserFactory,
    tenant_with_contract,
    three_months_of_rent,
)
from vangnet.core.models import Corporation, Membership, User
from vangnet.ledger.models import Contract, ContractRole
from vangnet.tenants.models import Tenant


@pytest.fixture(autouse=True)
def _fast_dutch(settings):
    settings.LANGUAGE_CODE = "nl"
    # Django's default hasher takes most of a second per user; these tests are about views.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Staff:
    corporation: Corporation
    user: User
    membership: Membership
    client: Client
    tenant: Tenant
    contract: Contract


def make_staff(
    name: str, slug: str, last_name: str, postcode: str, contract_id: str, reference: str
) -> Staff:
    corporation = CorporationFactory(name=name, slug=slug)
    membership = MembershipFactory(corporation=corporation, user=UserFactory(username=f"cm-{slug}"))
    party = tenant_with_contract(
        corporation=corporation,
        tenant_kwargs={"last_name": last_name, "postcode": postcode, "house_number": "12"},
        source_id=contract_id,
        payment_reference=reference,
        unit__postcode=postcode,
        unit__house_number="12",
    )
    client = Client()
    client.force_login(membership.user)
    # The first page of a session notes that the password was enough; query counts are about later pages.
    client.get("/")
    return Staff(corporation, membership.user, membership, client, party.tenant, party.contract)


@pytest.fixture
def staff_a(db) -> Staff:
    return make_staff("Woonstad Utrecht", "woonstad", "Bakker", "3511 AB", "HO-1001", "1000000000000012")


@pytest.fixture
def staff_b(db) -> Staff:
    return make_staff("Thuisbest", "thuisbest", "Visser", "9711 CD", "HO-2002", "2000000000000023")


AS_OF = dt.date(2025, 3, 20)


@pytest.fixture
def ledger_a(staff_a):
    """Three months of rent; January paid in full, February half, March not yet: € 1.043,25 open."""
    return three_months_of_rent(staff_a.contract)


@pytest.fixture
def standing_a(ledger_a):
    return ContractStandingFactory(
        contract=ledger_a,
        as_of=AS_OF,
        balance=Decimal("1043.25"),
        overdue_amount=Decimal("1043.25"),
        oldest_overdue_date=dt.date(2025, 2, 1),
        open_items=2,
        invoices_in_window=3,
        paid_on_time_share=Decimal("0.3333"),
        average_days_late=Decimal("12.50"),
        max_days_late=47,
        reversals_in_window=1,
    )


@pytest.fixture
def co_tenant_a(staff_a) -> Tenant:
    tenant = TenantFactory(corporation=staff_a.corporation, first_name="Mila", last_name="Bakker-de Boer")
    ContractTenantFactory(
        corporation=staff_a.corporation, contract=staff_a.contract, tenant=tenant, role=ContractRole.CO
    )
    return tenant
