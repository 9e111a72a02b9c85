"""The one world builder: a corporation with tenants, their ledgers and what the test needs around them.

`build_world(...)` makes a corporation and, by option, its message templates (`messaging`), a collection
flow (`flow`), the dispute categories (`disputes`), a payment provider (`payments`), a signed-in credit
manager (`staff`), tenants on contracts with a ledger (`tenants`, `arrears`) and a second corporation built
the same way (`second_corporation`). A portal session for a tenant is `world.portal_client(household)`.

Standings are never planted: a ledger is booked (`Arrears.book`) and the real `refresh_standings` computes
the balance and payment behaviour from it, as the import and the night do.

Scoping is off while building, and only then: the builder runs under `scopes_disabled()`, so a test that
switches scoping on for its own code (`world.scope()`) reads as the product reads.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.test import Client
from django_scopes import scope, scopes_disabled

from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    LedgerEntryFactory,
    MembershipFactory,
    TenantFactory,
    UserFactory,
)
from vangnet.core import clock
from vangnet.core.models import Corporation, Membership, Role, User
from vangnet.disputes.models import DisputeCategory
from vangnet.disputes.services import dispute_categories_install_defaults
from vangnet.flows.models import CollectionPolicy, Flow, Segment
from vangnet.flows.services import flow_version_create
from vangnet.ledger.models import Contract, ContractStanding, ContractTenant, EntryKind, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings
from vangnet.messaging.links import portal_token
from vangnet.messaging.models import MessagingSettings
from vangnet.messaging.services import templates_install_defaults
from vangnet.payments.models import PaymentSettings
from vangnet.tenants.models import Tenant

RENT = Decimal("695.50")  # the contract factory's rent plus service costs
MARCH_20 = dt.date(2025, 3, 20)


@dataclass(frozen=True)
class Arrears:
    """What a contract's ledger holds, and the day its standing is computed from it."""

    as_of: dt.date
    book: Callable[[Contract], object]


def three_months(as_of: dt.date = MARCH_20) -> Arrears:
    """January paid on its due day (linked), February half, March not yet: € 1.043,25 open in March 2025.

    As of 20 March: one of three invoices on time (33%), the oldest overdue item due 1 February (47 days).
    """
    return Arrears(as_of, three_months_of_rent)


def unpaid(*, due: dt.date, as_of: dt.date, amount: Decimal = Decimal("700.00")) -> Arrears:
    """One rent invoice due on `due`, nothing paid."""
    return Arrears(
        as_of,
        lambda contract: LedgerEntryFactory(contract=contract, booking_date=due, due_date=due, amount=amount),
    )


def rent_history(*, as_of: dt.date, days_late: Sequence[int | None], rent: Decimal = RENT) -> Arrears:
    """One invoice on the 1st of each of the last len(days_late) months before `as_of`, the oldest first;
    each paid that many days after its due day, or not at all for None."""

    def book(contract: Contract) -> None:
        first = as_of.replace(day=1) - relativedelta(months=len(days_late))  # the last due before as_of
        for n, late in enumerate(days_late):
            due = first + relativedelta(months=n)
            LedgerEntryFactory(contract=contract, booking_date=due, due_date=due, amount=rent)
            if late is not None:
                paid = due + dt.timedelta(days=late)
                pay_entry(contract, rent, paid)

    return Arrears(as_of, book)


def pay_entry(contract: Contract, amount: Decimal, on: dt.date, **extra) -> None:
    LedgerEntryFactory(
        contract=contract, kind=EntryKind.PAYMENT, amount=-amount, booking_date=on, due_date=on, **extra
    )


@scopes_disabled()
def owing(
    contract: Contract, amount: Decimal, *, days_overdue: int = 30, as_of: dt.date | None = None
) -> ContractStanding:
    """Books one unpaid invoice of `amount` due `days_overdue` days before `as_of` (today by default) and
    computes the contract's standing from its ledger."""
    day = as_of or clock.today()
    due = day - dt.timedelta(days=days_overdue)
    LedgerEntryFactory(contract=contract, booking_date=due, due_date=due, amount=amount)
    return standing_computed(contract, as_of=day)


@scopes_disabled()
def standing_computed(contract: Contract, *, as_of: dt.date | None = None) -> ContractStanding:
    """The contract's standing as the real function computes it from the ledger (today by default)."""
    refresh_standings(
        corporation=contract.corporation, as_of=as_of or clock.today(), contract_ids=[contract.pk]
    )
    return ContractStanding.objects.get(contract=contract)


def three_months_of_rent(contract: Contract) -> Contract:
    """The ledger of `three_months()`: five entries, € 1.043,25 open."""
    january = LedgerEntryFactory(contract=contract, booking_date=dt.date(2025, 1, 1))
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2025, 2, 1))
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2025, 3, 1))
    pay_entry(contract, RENT, dt.date(2025, 1, 1), linked_entry=january)
    pay_entry(contract, Decimal("347.75"), dt.date(2025, 2, 10))
    return contract


@dataclass
class Household:
    corporation: Corporation
    tenant: Tenant
    contract: Contract
    party: ContractTenant


@dataclass
class StaffMember:
    user: User
    membership: Membership
    client: Client


@dataclass
class World:
    corporation: Corporation
    flow: Flow | None = None
    households: list[Household] = field(default_factory=list)
    staff: StaffMember | None = None
    other: "World | None" = None

    @property
    def household(self) -> Household:
        return self.households[0]

    @property
    def tenant(self) -> Tenant:
        return self.household.tenant

    @property
    def contract(self) -> Contract:
        return self.household.contract

    @property
    def item(self) -> LedgerEntry:
        """The first entry booked on the first contract: with `unpaid(...)`, its one open item."""
        with scopes_disabled():
            return LedgerEntry.objects.filter(contract=self.contract).earliest("pk")

    def scope(self):
        """The corporation's scope for the test's own reads, as a request of this corporation has it."""
        return scope(corporation=self.corporation)

    def add_household(self, *, arrears: Arrears | None = None, tenant=None, **contract_kwargs) -> Household:
        built = household(self.corporation, arrears=arrears, tenant=tenant, **contract_kwargs)
        self.households.append(built)
        return built

    def add_staff(
        self, username: str | None = None, role: str = Role.CREDIT_MANAGER, *, signed_in: bool = True, **user
    ) -> StaffMember:
        return staff_member(self.corporation, username=username, role=role, signed_in=signed_in, **user)

    def portal_client(self, of: Household | None = None) -> Client:
        """A tenant's portal session, opened by the personal link a message carries."""
        return portal_client(of or self.household)

    def category(self, code: str) -> DisputeCategory:
        with self.scope():
            return DisputeCategory.objects.get(code=code)


@scopes_disabled()
def household(
    corporation: Corporation, *, arrears: Arrears | None = None, tenant=None, **contract_kwargs
) -> Household:
    """A tenant on one contract of the corporation; with `arrears`, its ledger booked and its standing
    computed by the real function as of `arrears.as_of`. Contract keys as ContractFactory takes them
    (`unit__postcode=...`)."""
    person = TenantFactory(corporation=corporation, **(tenant or {}))
    contract = ContractFactory(corporation=corporation, **contract_kwargs)
    party = ContractTenantFactory(corporation=corporation, contract=contract, tenant=person)
    if arrears is not None:
        arrears.book(contract)
        refresh_standings(corporation=corporation, as_of=arrears.as_of, contract_ids=[contract.pk])
    return Household(corporation, person, contract, party)


@scopes_disabled()
def staff_member(
    corporation: Corporation,
    *,
    username: str | None = None,
    role: str = Role.CREDIT_MANAGER,
    signed_in: bool = True,
    **user,
) -> StaffMember:
    """A colleague of the corporation (password tests.factories.PASSWORD), signed in on `client` unless
    `signed_in` is False; the first page of a session notes that the password was enough, so query counts
    are about the pages after it."""
    account = UserFactory(username=username, **user) if username else UserFactory(**user)
    membership = MembershipFactory(corporation=corporation, user=account, role=role)
    client = Client()
    if signed_in:
        client.force_login(account)
        client.get("/")
    return StaffMember(account, membership, client)


def portal_client(of: Household) -> Client:
    client = Client()
    token = portal_token(corporation_id=of.corporation.pk, tenant_id=of.tenant.pk)
    response = client.get(f"/portaal/link/{token}/")
    assert response.status_code == 302, response
    assert response["Location"] == "/portaal/"
    return client


@scopes_disabled()
def collection_flow(corporation: Corporation, steps: list[dict], *, charge_costs: bool = True) -> Flow:
    """One flow with the given steps for everyone (one segment), and a collection policy."""
    CollectionPolicy.objects.create(corporation=corporation, charge_collection_costs=charge_costs)
    flow = Flow.objects.create(
        corporation=corporation, code="test", name="Testtraject", send_time=dt.time(10)
    )
    flow_version_create(flow=flow, steps=steps, note="test", actor="test")
    Segment.objects.create(corporation=corporation, position=1, name="Iedereen", flow=flow)
    return flow


@scopes_disabled()
def build_world(
    name: str | None = None,
    slug: str | None = None,
    *,
    messaging: bool = False,
    review_batches: bool = False,
    flow: Sequence[dict] | None = None,
    charge_costs: bool = True,
    disputes: bool = False,
    payments: str | None = None,
    staff: str | None = None,
    tenants: int = 0,
    arrears: Arrears | None = None,
    second_corporation: tuple[str, str] | None = None,
    **corporation_kwargs,
) -> World:
    """A corporation and what the options ask for; see the module's docstring.

    `flow` is a list of steps (tests/flows/builders.py `step()`); `staff` the username of a signed-in
    credit manager; `second_corporation` (name, slug) builds another corporation with the same options.
    """
    if name is not None:
        corporation_kwargs["name"] = name
    if slug is not None:
        corporation_kwargs["slug"] = slug
    corporation = CorporationFactory(**corporation_kwargs)
    world = World(corporation)
    if messaging:
        templates_install_defaults(corporation=corporation)
        MessagingSettings.objects.create(corporation=corporation, review_batches=review_batches, sandbox=True)
    if flow is not None:
        world.flow = collection_flow(corporation, list(flow), charge_costs=charge_costs)
    if disputes:
        dispute_categories_install_defaults(corporation=corporation)
    if payments:
        PaymentSettings.objects.get_or_create(corporation=corporation, defaults={"provider": payments})
    if staff:
        world.staff = world.add_staff(staff)
    for _ in range(tenants):
        world.add_household(arrears=arrears)
    if second_corporation:
        other_name, other_slug = second_corporation
        world.other = build_world(
            other_name,
            other_slug,
            messaging=messaging,
            review_batches=review_batches,
            flow=flow,
            charge_costs=charge_costs,
            disputes=disputes,
            payments=payments,
            staff=f"{staff}-2" if staff else None,
            tenants=tenants,
            arrears=arrears,
            **{k: v for k, v in corporation_kwargs.items() if k not in ("name", "slug")},
        )
    return world
