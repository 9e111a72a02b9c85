"""Two corporations, each with a credit manager and a tenant on a contract: isolation tests are one-liners."""

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.factories import ContractTenantFactory, TenantFactory
from tests.world import MARCH_20, World, build_world, three_months_of_rent
from vangnet.core.models import Corporation, Membership, User
from vangnet.ledger.models import Contract, ContractRole
from vangnet.ledger.services.standing import refresh_standings
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
    world: World


def make_staff(
    name: str, slug: str, last_name: str, postcode: str, contract_id: str, reference: str
) -> Staff:
    world = build_world(name, slug, staff=f"cm-{slug}")
    party = world.add_household(
        tenant={"last_name": last_name, "postcode": postcode, "house_number": "12"},
        source_id=contract_id,
        payment_reference=reference,
        unit__postcode=postcode,
        unit__house_number="12",
    )
    assert world.staff is not None
    member = world.staff
    return Staff(
        world.corporation, member.user, member.membership, member.client, party.tenant, party.contract, world
    )


@pytest.fixture
def staff_a(db) -> Staff:
    return make_staff("Woonstad Utrecht", "woonstad", "Bakker", "3511 AB", "HO-1001", "1000000000000012")


@pytest.fixture
def staff_b(db) -> Staff:
    return make_staff("Thuisbest", "thuisbest", "Visser", "9711 CD", "HO-2002", "2000000000000023")


AS_OF = MARCH_20


@pytest.fixture
def ledger_a(staff_a):
    """Three months of rent; January paid in full, February half, March not yet: € 1.043,25 open."""
    return three_months_of_rent(staff_a.contract)


@pytest.fixture
def standing_a(ledger_a):
    """The standing computed from that ledger by the real function, as the night computes it on AS_OF."""
    refresh_standings(corporation=ledger_a.corporation, as_of=AS_OF, contract_ids=[ledger_a.pk])
    return ledger_a.standing


@pytest.fixture
def co_tenant_a(staff_a) -> Tenant:
    tenant = TenantFactory(corporation=staff_a.corporation, first_name="Mila", last_name="Bakker-de Boer")
    ContractTenantFactory(
        corporation=staff_a.corporation, contract=staff_a.contract, tenant=tenant, role=ContractRole.CO
    )
    return tenant
