"""Two corporations with two tenants each; the first tenant of Woonstad has two contracts (home + parking)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    tenant_with_contract,
    three_months_of_rent,
)
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract
from vangnet.ledger.services.standing import refresh_standings
from vangnet.messaging.links import portal_token
from vangnet.messaging.models import MessagingSettings
from vangnet.messaging.services import templates_install_defaults
from vangnet.portal.hosts import host_memo_clear
from vangnet.tenants.models import Tenant


@dataclass
class Household:
    corporation: Corporation
    tenant: Tenant
    contract: Contract


def make_household(
    corporation: Corporation, *, postcode: str, house_number: str, **tenant_kwargs
) -> Household:
    party = tenant_with_contract(
        corporation=corporation,
        tenant_kwargs={"postcode": postcode, "house_number": house_number, **tenant_kwargs},
        unit__postcode=postcode.replace(" ", ""),
        unit__house_number=house_number,
    )
    three_months_of_rent(party.contract)
    refresh_standings(corporation=corporation, as_of=dt.date(2025, 3, 20), contract_ids=[party.contract.pk])
    return Household(corporation, party.tenant, party.contract)


def make_corporation(name: str, slug: str, phone: str) -> Corporation:
    corporation = CorporationFactory(
        name=name,
        slug=slug,
        phone=phone,
        primary_colour="#1d4e89",
        sender_email=f"huur@{slug}.example",
        iban="NL91ABNA0417164300",
    )
    templates_install_defaults(corporation=corporation)
    MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=True)
    return corporation


@pytest.fixture(autouse=True)
def _fresh_host_memo():
    host_memo_clear()
    yield
    host_memo_clear()


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


def login(client: Client, household: Household) -> Client:
    token = portal_token(corporation_id=household.corporation.pk, tenant_id=household.tenant.pk)
    response = client.get(f"/portaal/link/{token}/")
    assert response.status_code == 302 and response["Location"] == "/portaal/"
    return client


@pytest.fixture
def fatima_client(fatima) -> Client:
    return login(Client(), fatima)


def pass_check(client: Client, household: Household) -> None:
    tenant = household.tenant
    answer = (
        {"birth_date": tenant.birth_date.strftime("%d-%m-%Y")}
        if tenant.birth_date
        else {"postcode": tenant.postcode, "house_number": tenant.house_number}
    )
    response = client.post("/portaal/controle/", answer)
    assert response.status_code == 302, response.content.decode()
