"""House swap: two tenants start it, a swap one of them did not confirm cannot be decided, after both
confirmed a colleague approves and each gets a letting of the other's home to sign."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    LedgerEntryFactory,
    TenantFactory,
)
from tests.world import staff_member
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import Letting, Swap, SwapParty, SwapStatus
from vangnet.contracts.services.swap import OtherHome, swap_confirm, swap_decide, swap_request, swap_start
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.messaging import links


def _household(corporation, n: int, last_name: str):
    contract = ContractFactory(
        corporation=corporation,
        source_id=f"HO-{n}",
        start_date=dt.date(2019, 1, 1),
        monthly_rent=Decimal(600 + n),
        unit__source_id=f"E-{n}",
        unit__street="Lindelaan" if n == 1 else "Beukenweg",
        unit__house_number=str(10 + n),
        unit__postcode="3511AB" if n == 1 else "3522 CD",
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


def _portal(tenant) -> Client:
    client = Client()
    token = links.portal_token(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)
    assert client.get(f"/portaal/link/{token}/").status_code == 302
    return client


def _start(client: Client, **overrides) -> HttpResponse:
    body = {
        "action": "start",
        "postcode": "3522cd",
        "house_number": "12",
        "last_name": "visser",
        "household": "2",
    }
    body.update(overrides)
    return client.post("/portaal/woningruil/", body)


def test_a_tenant_starts_a_swap_in_the_portal_and_the_other_confirms_in_theirs(pair):
    (anna, _home_a), (bram, _home_b) = pair
    page = _portal(anna).get("/portaal/woningruil/")
    assert "Een woningruil aanvragen" in page.content.decode()
    client = _portal(anna)
    response = _start(client)
    assert response.status_code == 302
    text = client.get("/portaal/woningruil/").content.decode()
    assert "De andere huurder moet de ruil nu in het eigen portaal bevestigen." in text
    assert "A Bakker verhuist van Lindelaan 11 naar Beukenweg 12: bevestigd op" in " ".join(text.split())
    assert "A Visser verhuist van Beukenweg 12 naar Lindelaan 11: nog niet bevestigd" in " ".join(
        text.split()
    )
    assert "Een woningruil aanvragen" not in text

    other = _portal(bram)
    refused = other.post(
        "/portaal/woningruil/", {"action": "confirm", "swap": Swap.objects.get().pk, "household": "0"}
    )
    assert refused.status_code == 400
    assert "Niet alles is goed ingevuld." in refused.content.decode()
    assert SwapParty.objects.filter(confirmed_at__isnull=False).count() == 1
    done = other.post(
        "/portaal/woningruil/",
        {"action": "confirm", "swap": Swap.objects.get().pk, "household": "3", "agree": "on"},
        follow=True,
    )
    assert "U heeft de woningruil bevestigd. Wij beoordelen de aanvraag nu." in done.content.decode()
    party = SwapParty.objects.get(tenant=bram)
    assert party.household == 3
    assert party.confirmed_at is not None


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"last_name": "Jansen"}, "Wij vinden geen huurder met deze achternaam op dit adres."),
        ({"house_number": "99"}, "Wij vinden geen huurder met deze achternaam op dit adres."),
        (
            {"postcode": "3511 AB", "house_number": "11", "last_name": "Bakker"},
            "Dit is uw eigen woning. Vul het adres van de andere woning in.",
        ),
    ],
)
def test_a_swap_naming_a_home_we_cannot_match_is_refused_and_nothing_is_written(pair, overrides, error):
    (anna, _home_a), _other = pair
    response = _start(_portal(anna), **overrides)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Swap.objects.exists()


def test_a_tenant_cannot_confirm_for_someone_else_or_twice_start_for_one_home(pair):
    (anna, home_a), (bram, home_b) = pair
    swap = swap_request(
        tenant=anna,
        contract=home_a,
        household=2,
        homes=[OtherHome(postcode="3522 CD", house_number="12", last_name="Visser")],
        as_of=clock.today(),
        now=clock.now(),
    )
    with pytest.raises(ApplicationError, match="Vul in met hoeveel personen u woont"):
        swap_confirm(swap=swap, tenant=bram, now=clock.now())
    with pytest.raises(ApplicationError, match="Voor een van deze woningen loopt al een aanvraag"):
        swap_start(parties=[(bram, home_b, 3), (anna, home_a, 2)], as_of=clock.today(), actor="test")
    stranger = TenantFactory(corporation=anna.corporation, last_name="Smit")
    with pytest.raises(ApplicationError, match="U kunt deze ruil niet"):
        swap_confirm(swap=swap, tenant=stranger, household=1, now=clock.now())
    assert Swap.objects.count() == 1
    assert SwapParty.objects.filter(confirmed_at__isnull=False).count() == 1


def test_the_colleague_sees_the_rules_and_cannot_approve_before_both_confirmed(pair):
    (anna, home_a), (bram, home_b) = pair
    swap = swap_start(parties=[(anna, home_a, 2), (bram, home_b, None)], as_of=clock.today(), actor="test")
    swap_confirm(swap=swap, tenant=anna, now=clock.now())
    colleague = staff_member(anna.corporation, username="petra")
    case_page = colleague.client.get(f"/zaken/{swap.case_id}/").content.decode()
    assert "Woningruil beoordelen" in case_page
    page = colleague.client.get(f"/zaken/woningruil/{swap.pk}/").content.decode()
    assert "Deze ruil kan nog niet worden goedgekeurd:" in page
    assert "A Visser heeft de ruil nog niet bevestigd." in page
    refused = colleague.client.post(
        f"/zaken/woningruil/{swap.pk}/besluit/", {"besluit": "goedkeuren"}, follow=True
    )
    assert "A Visser heeft de ruil nog niet bevestigd." in refused.content.decode()
    swap.refresh_from_db()
    assert swap.status == SwapStatus.OPEN
    assert not Letting.objects.exists()

    swap_confirm(swap=swap, tenant=bram, household=3, now=clock.now())
    with CaptureQueriesContext(connection) as queries:
        page = colleague.client.get(f"/zaken/woningruil/{swap.pk}/").content.decode()
    assert "Iedereen heeft bevestigd, niemand heeft een huurachterstand" in page
    assert len(queries) < 25
    done = colleague.client.post(
        f"/zaken/woningruil/{swap.pk}/besluit/", {"besluit": "goedkeuren"}, follow=True
    )
    text = done.content.decode()
    assert "De woningruil is goedgekeurd. Elke huurder krijgt een huurcontract om te tekenen." in text
    assert text.count("Wacht op handtekening") == 2
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert swap.decided_by == "petra"
    portal = _portal(bram).get("/portaal/").content.decode()
    assert "Huurcontract voor Lindelaan 11, Utrecht lezen en tekenen" in portal


def test_another_corporations_colleague_does_not_see_the_swap(pair):
    (anna, home_a), (bram, home_b) = pair
    swap = swap_start(parties=[(anna, home_a, 2), (bram, home_b, 3)], as_of=clock.today(), actor="test")
    other = CorporationFactory(slug="elders", name="Elders")
    colleague = staff_member(other, username="karel")
    assert colleague.client.get(f"/zaken/woningruil/{swap.pk}/").status_code == 404
