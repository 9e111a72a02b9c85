"""The demo's moving and changing: an inspector's agenda, one termination in progress with its
pre-inspection booked, and one home modification approved with conditions and recorded on the unit.
Made by the real services on past days (the clock moved), a handful of rows: cheap."""

import datetime as dt

from django_scopes import scopes_disabled

from vangnet.appointments.models import Resource, ResourceKind
from vangnet.appointments.selectors import resource_slots
from vangnet.appointments.services import availability_add, resource_create
from vangnet.core import clock
from vangnet.core.models import Corporation
from vangnet.inspections.models import Termination
from vangnet.inspections.notice import earliest_end_date
from vangnet.inspections.services import (
    end_day_rule,
    modification_decide,
    modification_record,
    modification_request,
    termination_give_notice,
)
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant

ACTOR = "demo"
INSPECTOR = "Opzichter Pieter de Groot"


def _agenda(corporation: Corporation) -> Resource:
    resource = Resource.objects.filter(corporation=corporation, name=INSPECTOR).first()
    if resource is not None:
        return resource
    resource = resource_create(
        corporation=corporation, name=INSPECTOR, kind=ResourceKind.INSPECTOR, actor=ACTOR
    )
    for weekday in range(5):
        availability_add(resource=resource, weekday=weekday, start=dt.time(9), end=dt.time(12), actor=ACTOR)
        availability_add(resource=resource, weekday=weekday, start=dt.time(13), end=dt.time(16), actor=ACTOR)
    return resource


def _households(corporation: Corporation) -> list[tuple[Tenant, Contract]]:
    """Two single-tenant households with a running contract, from the end of the list (the first tenants
    are the portal's demo tenants and the cases' parties)."""
    contracts = (
        Contract.objects.filter(corporation=corporation, end_date__isnull=True)
        .exclude(tenants__email="")
        .order_by("-pk")[:20]
    )
    found: list[tuple[Tenant, Contract]] = []
    for contract in contracts:
        parties = list(contract.parties.select_related("tenant"))
        if len(parties) == 1 and parties[0].tenant.deceased_on is None:
            found.append((parties[0].tenant, contract))
        if len(found) == 2:
            break
    return found


def demo_moving(*, corporation: Corporation, as_of: dt.date) -> int:
    """Returns how many processes it started (0 when the demo has them already)."""
    with scopes_disabled():
        resource = _agenda(corporation)
        if Termination.objects.filter(corporation=corporation).exists():
            return 0
        households = _households(corporation)
        if len(households) < 2:
            return 0
        (leaving, contract), (changing, home) = households
        given_on = as_of - dt.timedelta(days=3)
        with clock.moved_to(given_on):
            end_date = earliest_end_date(given_on, end_day_rule(corporation)) + dt.timedelta(days=14)
            slots = resource_slots(resource=resource, first_day=given_on, now=clock.now())
            slot = next(s for s in slots if s.date() > as_of + dt.timedelta(days=2))
            termination_give_notice(
                tenant=leaving,
                contract=contract,
                end_date=end_date,
                reason="buy",
                forwarding_address="Kerkstraat 8\n3811 CV Amersfoort",
                co_tenant_consent=False,
                slot=slot,
                as_of=given_on,
                actor=ACTOR,
            )
        with clock.moved_to(as_of - dt.timedelta(days=30)):
            modification = modification_request(
                tenant=changing,
                unit=home.unit,
                change="keuken",
                description="Een nieuwe keuken met een inductiekookplaat en een vaatwasser.",
                photos=[],
                as_of=clock.today(),
                actor=ACTOR,
            )
        with clock.moved_to(as_of - dt.timedelta(days=20)):
            modification_decide(
                modification=modification,
                decision="conditions",
                conditions="Laat het werk doen door een erkend installateur. "
                "Bij vertrek mag de keuken blijven als hij heel is.",
                as_of=clock.today(),
                actor=ACTOR,
            )
        with clock.moved_to(as_of - dt.timedelta(days=2)):
            modification_record(
                modification=modification, notes="Netjes gedaan.", as_of=clock.today(), actor=ACTOR
            )
        return 2
