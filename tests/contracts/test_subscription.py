"""Service subscription in the portal: a tenant takes one, changes to another and stops it, each from the
first of the next month; the ERP gets the old and the new price; bad choices are refused with nothing
written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import scope

from tests.factories import ContractFactory, ContractTenantFactory, CorporationFactory, TenantFactory
from tests.world import staff_member
from vangnet.cases.models import Case
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import ServiceSubscription
from vangnet.contracts.services.subscription import subscription_change
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.messaging.links import portal_token

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def household(db):
    corporation = CorporationFactory(slug="woonstad", name="Woonstad")
    case_types_install_defaults(corporation=corporation)
    contract = ContractFactory(corporation=corporation, source_id="HO-5")
    tenant = TenantFactory(corporation=corporation, source_id="REL-5", first_name="Mila", last_name="de Boer")
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=tenant)
    return contract, tenant


def _portal(tenant) -> Client:
    client = Client()
    token = portal_token(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)
    assert client.get(f"/portaal/link/{token}/").status_code == 302
    return client


def test_a_tenant_takes_changes_and_stops_the_subscription_in_the_portal(household):
    contract, tenant = household
    portal = _portal(tenant)
    with clock.moved_to(DAY):
        page = portal.get("/portaal/serviceabonnement/").content.decode()
        assert "U heeft geen serviceabonnement." in page
        assert "Basis: € 4,50 per maand." in page
        assert "Stoppen met het serviceabonnement" not in page
        taken = portal.post("/portaal/serviceabonnement/", {"plan": "basis"}, follow=True).content.decode()
        assert "Wij hebben het doorgegeven. Het gaat in op de eerste dag van de volgende maand." in taken
        assert "U heeft het abonnement Basis voor € 4,50 per maand." in taken
        assert "Het gaat in op 1 april 2026." in taken
        portal.post("/portaal/serviceabonnement/", {"plan": "plus"})
    with clock.moved_to(dt.date(2026, 5, 20)):
        portal.post("/portaal/serviceabonnement/", {"plan": "stoppen"})
        page = portal.get("/portaal/serviceabonnement/").content.decode()
        assert "U heeft geen serviceabonnement." in page

    with scope(corporation=contract.corporation):
        rows = list(
            ServiceSubscription.objects.order_by("pk").values_list(
                "plan", "start_date", "end_date", "monthly_price"
            )
        )
        events = list(
            OutboundEvent.objects.filter(type="contract.service_subscription_changed").order_by("pk")
        )
        cases = list(Case.objects.filter(case_type__kind="subscription").values_list("stage", flat=True))
    # Plus replaced Basis before Basis started: one row, never one that ends before it starts.
    assert rows == [("plus", dt.date(2026, 4, 1), dt.date(2026, 5, 31), Decimal("7.95"))]
    assert [e.payload["action"] for e in events] == ["take", "change", "stop"]
    change = events[1].payload
    assert change["contract_id"] == "HO-5"
    assert change["tenant_id"] == "REL-5"
    assert change["previous_plan"] == "basis"
    assert change["plan"] == "plus"
    assert change["monthly_price_old"] == "4.50"
    assert change["monthly_price_new"] == "7.95"
    assert change["price_change"] == "3.45"
    assert change["effective_date"] == "2026-04-01"
    assert events[2].payload["price_change"] == "-7.95"
    assert events[2].payload["effective_date"] == "2026-06-01"
    assert cases == ["geregeld", "geregeld", "geregeld"]


def test_bad_choices_are_refused_and_nothing_is_written(household):
    contract, tenant = household
    portal = _portal(tenant)
    refused = portal.post("/portaal/serviceabonnement/", {"plan": "goud"})
    assert refused.status_code == 400
    assert "Niet alles is goed ingevuld." in refused.content.decode()
    with scope(corporation=contract.corporation):
        with pytest.raises(ApplicationError, match="U heeft geen serviceabonnement"):
            subscription_change(contract=contract, tenant=tenant, plan="stoppen", as_of=DAY, actor="test")
        subscription_change(contract=contract, tenant=tenant, plan="basis", as_of=DAY, actor="test")
        with pytest.raises(ApplicationError, match="U heeft dit abonnement al"):
            subscription_change(contract=contract, tenant=tenant, plan="basis", as_of=DAY, actor="test")
        stranger = TenantFactory(corporation=contract.corporation, last_name="Smit")
        with pytest.raises(ApplicationError, match="Dit contract hoort niet bij u"):
            subscription_change(contract=contract, tenant=stranger, plan="plus", as_of=DAY, actor="test")
        assert ServiceSubscription.objects.count() == 1
        assert OutboundEvent.objects.filter(type="contract.service_subscription_changed").count() == 1


@pytest.mark.parametrize("language", ["nl", "en", "pl"])
def test_the_wish_is_kept_whatever_the_tenants_language(household, language):
    contract, tenant = household
    with scope(corporation=contract.corporation), translation.override(language):
        subscription_change(contract=contract, tenant=tenant, plan="basis", as_of=DAY, actor="portal")
        case = Case.objects.get(case_type__code="serviceabonnement")
    # The case type's own (Dutch) choice, so the colleague's screen and the ERP read the same wish.
    assert case.answers["wens"] == "Abonnement nemen"


def test_the_staff_screen_lists_a_contracts_subscriptions_running_first(household):
    contract, tenant = household
    with scope(corporation=contract.corporation):
        subscription_change(contract=contract, tenant=tenant, plan="basis", as_of=DAY, actor="test")
        later = DAY + dt.timedelta(days=40)
        subscription_change(contract=contract, tenant=tenant, plan="plus", as_of=later, actor="test")
    colleague = staff_member(contract.corporation, username="petra")
    card = colleague.client.get(f"/huurders/{tenant.pk}/").content.decode()
    assert f'href="/contracten/{contract.pk}/serviceabonnementen/"' in card
    with CaptureQueriesContext(connection) as queries:
        page = colleague.client.get(f"/contracten/{contract.pk}/serviceabonnementen/").content.decode()
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    assert rows.index("Plus") < rows.index("Basis")
    assert "loopt" in rows
    assert "€ 7,95" in rows
    assert "30-04-2026" in rows
    assert "01-05-2026" in rows
    assert len(queries) < 12
    other = staff_member(CorporationFactory(slug="elders", name="Elders"), username="karel")
    assert other.client.get(f"/contracten/{contract.pk}/serviceabonnementen/").status_code == 404


def test_a_second_change_in_the_same_month_replaces_the_pending_one(household):
    contract, tenant = household
    with scope(corporation=contract.corporation):
        subscription_change(contract=contract, tenant=tenant, plan="basis", as_of=DAY, actor="test")
        # Basis runs from April; in May the tenant asks for Plus, then Premium, then Basis again: all from June.
        may = dt.date(2026, 5, 4)
        subscription_change(contract=contract, tenant=tenant, plan="plus", as_of=may, actor="test")
        subscription_change(contract=contract, tenant=tenant, plan="stoppen", as_of=may, actor="test")
        after_stop = list(
            ServiceSubscription.objects.order_by("pk").values_list("plan", "start_date", "end_date")
        )
        subscription_change(contract=contract, tenant=tenant, plan="plus", as_of=may, actor="test")
        subscription_change(contract=contract, tenant=tenant, plan="basis", as_of=may, actor="test")
        rows = list(ServiceSubscription.objects.order_by("pk").values_list("plan", "start_date", "end_date"))
        events = [
            (e.payload["action"], e.payload["previous_plan"], e.payload["plan"], e.payload["price_change"])
            for e in OutboundEvent.objects.filter(type="contract.service_subscription_changed").order_by("pk")
        ]
        running = ServiceSubscription.objects.filter(end_date__isnull=True).count()
    assert after_stop == [("basis", dt.date(2026, 4, 1), dt.date(2026, 5, 31))]
    # Back to Basis: the April row runs on, nothing ends before it starts.
    assert rows == [("basis", dt.date(2026, 4, 1), None)]
    assert running == 1
    assert events == [
        ("take", None, "basis", "4.50"),
        ("change", "basis", "plus", "3.45"),
        ("stop", "plus", None, "-7.95"),
        ("take", None, "plus", "7.95"),
        ("change", "plus", "basis", "-3.45"),
    ]


def test_the_database_refuses_a_subscription_that_ends_before_it_starts(household):
    contract, tenant = household
    with (
        scope(corporation=contract.corporation),
        pytest.raises(IntegrityError, match="service_subscription_ends_after_start"),
        transaction.atomic(),
    ):
        ServiceSubscription.objects.create(
            corporation=contract.corporation,
            contract=contract,
            tenant=tenant,
            plan="basis",
            plan_name="Basis",
            monthly_price=Decimal("4.50"),
            start_date=dt.date(2026, 4, 1),
            end_date=dt.date(2026, 3, 31),
        )
