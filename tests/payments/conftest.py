from dataclasses import dataclass
from decimal import Decimal

import pytest
from django_scopes import scope

from tests.payments import mollie_server
from tests.world import build_world, three_months
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract

OPEN = Decimal("1043.25")  # three_months(): January paid, February half, March open


@dataclass
class Tenancy:
    corporation: Corporation
    contract: Contract


def make_tenancy(name: str, slug: str, provider: str = "sandbox", phone: str = "030-1234567") -> Tenancy:
    world = build_world(
        name,
        slug,
        payments=provider,
        phone=phone,
        primary_colour="#1d4e89",
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
    )
    world.add_household(arrears=three_months(), tenant={"last_name": "Bakker"})
    return Tenancy(world.corporation, world.contract)


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


@pytest.fixture(autouse=True)
def _test_code_builds_across_corporations():
    """Scoping is on in these tests' own code as in the product: the builders switch it off while they
    build, and a test reads inside its corporation's scope (`in_woonstad`)."""
    yield


@pytest.fixture
def in_woonstad(tenancy):
    """The test's own reads and service calls in Woonstad's scope, as a request of Woonstad has it."""
    with scope(corporation=tenancy.corporation):
        yield tenancy.corporation
