"""A ring swap of three tenants started in the portal: each moves into the next one's home, the last into
the first one's; the rules are checked per tenant, each confirms in their own portal, the colleague decides
once and every tenant gets a letting of the home they move into. A half-filled or repeated home is refused
with nothing written."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from tests.contracts.test_swap import _household, _portal
from tests.factories import CorporationFactory, LedgerEntryFactory
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import Swap, SwapParty, SwapStatus
from vangnet.contracts.services.swap import swap_check, swap_confirm, swap_decide
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import EntryKind


@pytest.fixture
def three(db):
    corporation = CorporationFactory(slug="woonstad", name="Woonstad")
    case_types_install_defaults(corporation=corporation)
    with scope(corporation=corporation):
        households = [
            _household(corporation, n, name) for n, name in ((1, "Bakker"), (2, "Visser"), (3, "Smit"))
        ]
        yield households


RING = {
    "action": "start",
    "postcode": "3522 CD",
    "house_number": "12",
    "last_name": "Visser",
    "household": "2",
    "postcode_2": "3522CD",
    "house_number_2": "13",
    "last_name_2": "smit",
}


def test_three_tenants_swap_in_a_ring_and_the_colleague_decides_once(three):
    (anna, _home_a), (bram, _home_b), (cor, home_c) = three
    client = _portal(anna)
    half = client.post("/portaal/woningruil/", {**RING, "last_name_2": ""})
    assert half.status_code == 400
    assert "Vul van woning 2 de postcode, het huisnummer en de achternaam in" in half.content.decode()
    twice = client.post(
        "/portaal/woningruil/",
        {**RING, "postcode_2": "3522 CD", "house_number_2": "12", "last_name_2": "Visser"},
    )
    assert "Deze woning staat al in de ruil." in twice.content.decode()
    assert not Swap.objects.exists()

    assert client.post("/portaal/woningruil/", RING).status_code == 302
    text = " ".join(client.get("/portaal/woningruil/").content.decode().split())
    assert "De andere huurders moeten de ruil nu in hun eigen portaal bevestigen." in text
    assert "A Bakker verhuist van Lindelaan 11 naar Beukenweg 12: bevestigd op" in text
    assert "A Visser verhuist van Beukenweg 12 naar Beukenweg 13: nog niet bevestigd" in text
    assert "A Smit verhuist van Beukenweg 13 naar Lindelaan 11: nog niet bevestigd" in text

    swap = Swap.objects.get()
    LedgerEntryFactory(contract=home_c, amount=Decimal("300.00"))
    swap_confirm(swap=swap, tenant=bram, household=3, now=clock.now())
    swap_confirm(swap=swap, tenant=cor, household=9, now=clock.now())
    with CaptureQueriesContext(connection) as queries:
        problems = swap_check(swap=swap, as_of=clock.today())
    assert problems == [
        "A Smit heeft een huurachterstand.",
        "Het huishouden van A Smit past niet in de nieuwe woning.",
    ]
    assert len(queries) <= 3
    with pytest.raises(ApplicationError, match="A Smit heeft een huurachterstand"):
        swap_decide(swap=swap, approve=True, as_of=clock.today(), actor="test")
    swap.refresh_from_db()
    assert swap.status == SwapStatus.OPEN

    LedgerEntryFactory(contract=home_c, kind=EntryKind.PAYMENT, amount=Decimal("-300.00"))
    SwapParty.objects.filter(tenant=cor).update(household=4)
    swap_decide(swap=swap, approve=True, as_of=clock.today(), actor="test")
    moves = {
        (p.tenant.last_name, p.letting.unit.source_id)
        for p in SwapParty.objects.select_related("tenant", "letting__unit")
    }
    assert moves == {("Bakker", "E-2"), ("Visser", "E-3"), ("Smit", "E-1")}
