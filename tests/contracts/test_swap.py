"""House swap: two tenants start it, a swap one of them did not confirm cannot be decided, after both
confirmed a colleague approves and each gets a letting of the other's home to sign."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope

from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    LedgerEntryFactory,
    TenantFactory,
)
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import Letting, SwapParty, SwapStatus
from vangnet.contracts.services.swap import swap_confirm, swap_decide, swap_start
from vangnet.core import clock
from vangnet.core.errors import ApplicationError


def _household(corporation, n: int, last_name: str):
    contract = ContractFactory(
        corporation=corporation,
        source_id=f"HO-{n}",
        start_date=dt.date(2019, 1, 1),
        monthly_rent=Decimal(600 + n),
        unit__source_id=f"E-{n}",
    )
    tenant = TenantFactory(
        corporation=corporation,
        source_id=f"REL-{n}",
        first_name="A",
        last_name=last_name,
        email=f"{last_name.lower()}@huurder.example",
    )
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=tenant)
    return tenant, contract


@pytest.fixture
def pair(db, settings, tmp_path):
    corporation = CorporationFactory(slug="woonstad", name="Woonstad")
    case_types_install_defaults(corporation=corporation)
    with scope(corporation=corporation):
        yield _household(corporation, 1, "Bakker"), _household(corporation, 2, "Visser")


def test_two_tenants_swap_after_both_confirmed(pair):
    (anna, home_a), (bram, home_b) = pair
    as_of = clock.today()
    swap = swap_start(parties=[(anna, home_a, 2), (bram, home_b, 3)], as_of=as_of, actor="test")
    swap_confirm(swap=swap, tenant=anna, now=clock.now())
    with pytest.raises(ApplicationError, match="A Visser heeft de ruil nog niet bevestigd"):
        swap_decide(swap=swap, approve=True, as_of=as_of, actor="test")
    swap.refresh_from_db()
    assert swap.status == SwapStatus.OPEN
    assert not Letting.objects.exists()

    swap_confirm(swap=swap, tenant=bram, now=clock.now())
    swap_decide(swap=swap, approve=True, as_of=as_of, actor="test")
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert swap.case.stage == "goedgekeurd"
    moves = {
        (p.tenant.last_name, p.letting.unit.source_id, p.letting.monthly_rent)
        for p in SwapParty.objects.select_related("tenant", "letting__unit")
    }
    assert moves == {("Bakker", "E-2", Decimal("602.00")), ("Visser", "E-1", Decimal("601.00"))}


def test_a_swap_with_arrears_is_refused_naming_the_rule(pair):
    (anna, home_a), (bram, home_b) = pair
    LedgerEntryFactory(contract=home_b, amount=Decimal("250.00"))
    swap = swap_start(parties=[(anna, home_a, 2), (bram, home_b, 3)], as_of=clock.today(), actor="test")
    for tenant in (anna, bram):
        swap_confirm(swap=swap, tenant=tenant, now=clock.now())
    with pytest.raises(ApplicationError, match="A Visser heeft een huurachterstand"):
        swap_decide(swap=swap, approve=True, as_of=clock.today(), actor="test")
    assert not Letting.objects.exists()
