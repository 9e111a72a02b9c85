import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.factories import CorporationFactory, tenant_with_contract, three_months_of_rent
from tests.payments import mollie_server
from tests.payments.factories import PaymentSettingsFactory
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract
from vangnet.ledger.services.standing import refresh_standings

OPEN = Decimal("1043.25")  # three_months_of_rent: January paid, February half, March open


@dataclass
class Tenancy:
    corporation: Corporation
    contract: Contract


def make_tenancy(name: str, slug: str, provider: str = "sandbox", phone: str = "030-1234567") -> Tenancy:
    corporation = CorporationFactory(
        name=name, slug=slug, phone=phone, primary_colour="#1d4e89", iban="NL91ABNA0417164300", bic="ABNANL2A"
    )
    PaymentSettingsFactory(corporation=corporation, provider=provider)
    contract = tenant_with_contract(corporation=corporation, tenant_kwargs={"last_name": "Bakker"}).contract
    three_months_of_rent(contract)
    refresh_standings(corporation=corporation, as_of=dt.date(2025, 3, 20), contract_ids=[contract.pk])
    return Tenancy(corporation, contract)


@pytest.fixture
def tenancy(db) -> Tenancy:
    return make_tenancy("Woonstad Utrecht", "woonstad")


@pytest.fixture
def other_tenancy(db) -> Tenancy:
    return make_tenancy("Thuisbest", "thuisbest", phone="050-7654321")


@pytest.fixture
def mollie(settings, monkeypatch):
    state, server = mollie_server.start()
    settings.VANGNET_MOLLIE_API_URL = state.url
    settings.VANGNET_PUBLIC_URL = "https://vangnet.example"
    monkeypatch.setenv("VANGNET_MOLLIE_API_KEY", mollie_server.API_KEY)
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def booked_hooks(monkeypatch):
    """Records each call from payments into flows and then makes it for real (a spy, not a stand-in)."""
    from vangnet.payments import services

    calls: list[dict] = []
    real = services.enrollments_reevaluate

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr("vangnet.payments.services.enrollments_reevaluate", spy)
    return calls
