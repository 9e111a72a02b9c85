"""A corporation with five households: four in complex C100 (one refuses SMS and has no e-mail, one has
no mobile number), one in complex C200; and a second corporation whose tenant no campaign may reach."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.factories import MembershipFactory, UserFactory, tenant_with_contract
from tests.portal.conftest import make_corporation
from vangnet.campaigns.models import Meter, MeterReading
from vangnet.core.models import Corporation, Role, User
from vangnet.tenants.models import Tenant


@dataclass
class World:
    corporation: Corporation
    other: Corporation
    tenants: list[Tenant]
    staff: User


def meter_with_history(tenant: Tenant, number: str, values: tuple[str, str], *, as_of: dt.date) -> Meter:
    """A meter in the tenant's unit, read a year and half a year ago (its usual use is known)."""
    unit = tenant.parties.get().contract.unit  # type: ignore[attr-defined]
    meter = Meter.objects.create(corporation=tenant.corporation, unit=unit, number=number)
    for days_ago, value in zip((365, 182), values, strict=True):
        MeterReading.objects.create(
            corporation=tenant.corporation,
            meter=meter,
            value=Decimal(value),
            read_on=as_of - dt.timedelta(days=days_ago),
            source="import",
            entered_by="test",
        )
    return meter


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    other = make_corporation("Andere Woningen", "andere", "010-7654321")
    people = [
        {"first_name": "Fatima", "last_name": "El Amrani"},
        {"first_name": "Piotr", "last_name": "Nowak", "no_sms": True, "email": ""},
        {"first_name": "Ayşe", "last_name": "Yilmaz", "phone_mobile": ""},
        {"first_name": "Jan", "last_name": "de Vries"},
    ]
    tenants = [
        tenant_with_contract(
            corporation=corporation,
            tenant_kwargs=kwargs,
            unit__complex_code="C100",
            unit__house_number=str(10 + i),
            unit__street="Lindenlaan",
        ).tenant
        for i, kwargs in enumerate(people)
    ]
    tenants.append(
        tenant_with_contract(
            corporation=corporation,
            tenant_kwargs={"first_name": "Els", "last_name": "Bakker"},
            unit__complex_code="C200",
            unit__complex_name="Het Hof",
        ).tenant
    )
    tenant_with_contract(corporation=other, tenant_kwargs={"first_name": "Karel"}, unit__complex_code="C100")
    staff = UserFactory(username="sanne")
    MembershipFactory(user=staff, corporation=corporation, role=Role.CREDIT_MANAGER)
    return World(corporation, other, tenants, staff)
