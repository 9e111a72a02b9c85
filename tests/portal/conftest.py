"""Two corporations with two tenants each; the first tenant of Woonstad has two contracts (home + parking)."""

import datetime as dt

import pytest
from django.test import Client
from django_scopes import scope

from tests.factories import ContractFactory, ContractTenantFactory
from tests.world import Household, build_world, household, portal_client, three_months
from vangnet.core.models import Corporation


def make_household(
    corporation: Corporation, *, postcode: str, house_number: str, **tenant_kwargs
) -> Household:
    """A tenant at the address, with three months of rent of which € 1.043,25 is open on 20 March 2025."""
    return household(
        corporation,
        arrears=three_months(),
        tenant={"postcode": postcode, "house_number": house_number, **tenant_kwargs},
        unit__postcode=postcode.replace(" ", ""),
        unit__house_number=house_number,
    )


def make_corporation(name: str, slug: str, phone: str) -> Corporation:
    return build_world(
        name,
        slug,
        messaging=True,
        phone=phone,
        primary_colour="#1d4e89",
        sender_email=f"huur@{slug}.example",
        iban="NL91ABNA0417164300",
    ).corporation


@pytest.fixture
def woonstad(db) -> Corporation:
    return make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")


@pytest.fixture
def thuisbest(db) -> Corporation:
    return make_corporation("Thuisbest", "thuisbest", "050-7654321")


@pytest.fixture
def fatima(woonstad) -> Household:
    household = make_household(
        woonstad, postcode="3511 AB", house_number="12", first_name="Fatima", last_name="El Amrani",
        birth_date=dt.date(1980, 12, 31),
    )  # fmt: skip
    parking = ContractFactory(corporation=woonstad, source_id="PP-77", unit__street="Parkeergarage")
    ContractTenantFactory(corporation=woonstad, contract=parking, tenant=household.tenant)
    return household


@pytest.fixture
def jan(woonstad) -> Household:
    return make_household(
        woonstad, postcode="3511 CD", house_number="3", first_name="Jan", last_name="Visser"
    )


@pytest.fixture
def piet(thuisbest) -> Household:
    return make_household(thuisbest, postcode="9711 AA", house_number="5", first_name="Piet", last_name="Bos")


@pytest.fixture
def fatima_client(fatima) -> Client:
    return portal_client(fatima)


def pass_check(client: Client, household: Household) -> None:
    tenant = household.tenant
    answer = (
        {"birth_date": tenant.birth_date.strftime("%d-%m-%Y")}
        if tenant.birth_date
        else {"postcode": tenant.postcode, "house_number": tenant.house_number}
    )
    response = client.post("/portaal/controle/", answer)
    assert response.status_code == 302, response.content.decode()


@pytest.fixture(autouse=True)
def _test_code_builds_across_corporations():
    """Scoping is on in these tests' own code as in the product: the builders switch it off while they
    build, and a test reads inside its corporation's scope (tests/world.py `World.scope`, `scoped`)."""
    yield


@pytest.fixture
def in_woonstad(woonstad):
    """The test's own reads in Woonstad's scope, as a request of Woonstad reads them."""
    with scope(corporation=woonstad):
        yield woonstad
