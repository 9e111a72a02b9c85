"""factory_boy factories for the core, tenant and ledger models.

Factories build outside any scope (BuilderFactory), so they work wherever a test calls them, also inside a
scoped block. Related objects follow the corporation of their parent: a contract's unit and a party's tenant
belong to the same corporation.

There is no factory for ContractStanding on purpose: a standing is computed from the ledger by the real
`refresh_standings` (tests/world.py `standing_computed`, `Arrears`), never planted.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from django_scopes import scopes_disabled

from vangnet.core.models import Corporation, Membership, Role, User
from vangnet.ledger.models import (
    Contract,
    ContractRole,
    ContractTenant,
    EntryKind,
    ImportMode,
    ImportRun,
    ImportStatus,
    InvoiceCategory,
    LedgerEntry,
    PaymentMethod,
    Unit,
    UnitKind,
)
from vangnet.tenants.models import Tenant, TenantKind

PASSWORD = "geheim-wachtwoord-1"


class BuilderFactory(factory.django.DjangoModelFactory):
    """Builds test data across corporations: scoping is off here, and only here."""

    class Meta:
        abstract = True

    @classmethod
    def _get_or_create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._get_or_create(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class CorporationFactory(BuilderFactory):
    class Meta:
        model = Corporation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Woonstichting {n}")
    slug = factory.Sequence(lambda n: f"woonstichting-{n}")
    city = "Utrecht"


class UserFactory(BuilderFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = "Sanne"
    last_name = factory.Sequence(lambda n: f"de Vries {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@corporatie.example")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(BuilderFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    corporation = factory.SubFactory(CorporationFactory)
    role = Role.CREDIT_MANAGER


class TenantFactory(BuilderFactory):
    class Meta:
        model = Tenant

    corporation = factory.SubFactory(CorporationFactory)
    source_id = factory.Sequence(lambda n: f"H{n:06d}")
    kind = TenantKind.PERSON
    initials = "J."
    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Jansen{n}")
    email = factory.LazyAttribute(lambda t: f"{t.source_id.lower()}@huurder.example")
    phone_mobile = "0612345678"
    street = "Dorpsstraat"
    house_number = factory.Sequence(lambda n: str(n % 300 + 1))
    postcode = "3511 AB"
    city = "Utrecht"


class UnitFactory(BuilderFactory):
    class Meta:
        model = Unit

    corporation = factory.SubFactory(CorporationFactory)
    source_id = factory.Sequence(lambda n: f"E{n:06d}")
    kind = UnitKind.DWELLING
    street = "Dorpsstraat"
    house_number = factory.Sequence(lambda n: str(n % 300 + 1))
    postcode = "3511AB"
    city = "Utrecht"
    municipality = "Utrecht"
    neighbourhood = "Binnenstad"
    complex_code = "C100"
    complex_name = "De Linden"


class ContractFactory(BuilderFactory):
    class Meta:
        model = Contract

    corporation = factory.SubFactory(CorporationFactory)
    source_id = factory.Sequence(lambda n: f"HO{n:06d}")
    unit = factory.SubFactory(UnitFactory, corporation=factory.SelfAttribute("..corporation"))
    start_date = dt.date(2020, 1, 1)
    monthly_rent = Decimal("650.00")
    monthly_service_costs = Decimal("45.50")
    payment_method = PaymentMethod.TRANSFER
    due_day = 1
    payment_reference = factory.Sequence(lambda n: f"{7000000000000000 + n}")


class ContractTenantFactory(BuilderFactory):
    class Meta:
        model = ContractTenant

    corporation = factory.SubFactory(CorporationFactory)
    contract = factory.SubFactory(ContractFactory, corporation=factory.SelfAttribute("..corporation"))
    tenant = factory.SubFactory(TenantFactory, corporation=factory.SelfAttribute("..corporation"))
    role = ContractRole.MAIN


class LedgerEntryFactory(BuilderFactory):
    """An invoice by default; pass kind=EntryKind.PAYMENT and a negative amount for a payment."""

    class Meta:
        model = LedgerEntry

    contract = factory.SubFactory(ContractFactory)
    corporation = factory.SelfAttribute("contract.corporation")
    source_id = factory.Sequence(lambda n: f"B{n:08d}")
    kind = EntryKind.INVOICE
    category = factory.LazyAttribute(lambda e: InvoiceCategory.RENT if e.kind == EntryKind.INVOICE else "")
    booking_date = dt.date(2025, 1, 1)
    due_date = factory.SelfAttribute("booking_date")
    amount = Decimal("695.50")
    description = factory.LazyAttribute(
        lambda e: f"Huur {e.booking_date:%m-%Y}" if e.kind == EntryKind.INVOICE else "Betaling"
    )


class ImportRunFactory(BuilderFactory):
    class Meta:
        model = ImportRun

    corporation = factory.SubFactory(CorporationFactory)
    actor_label = "erp-koppeling"
    source_format = "csv"
    mode = ImportMode.DELTA
    file_names = factory.LazyFunction(lambda: ["tenants.csv", "contracts.csv"])
    file_hash = "0" * 64
    status = ImportStatus.APPLIED
    finished_at = factory.LazyFunction(timezone.now)
    counts = factory.LazyFunction(
        lambda: {"tenants": {"created": 2, "updated": 1, "unchanged": 10, "closed": 0}}
    )


def tenant_with_contract(
    *, corporation: Corporation, tenant_kwargs=None, **contract_kwargs
) -> ContractTenant:
    """A tenant on one contract of the same corporation: the common starting point of a test."""
    tenant = TenantFactory(corporation=corporation, **(tenant_kwargs or {}))
    contract = ContractFactory(corporation=corporation, **contract_kwargs)
    return ContractTenantFactory(corporation=corporation, contract=contract, tenant=tenant)
