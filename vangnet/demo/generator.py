"""write_demo_files: a complete, believable ERP delivery in the canonical CSV format, streamed to disk.

One tenancy at a time: a unit, its tenants, the contract and its whole ledger are decided and written
before the next tenancy starts, so memory stays flat whatever the size (100,000 tenancies and five million
ledger rows take the same few megabytes as ten). Deterministic for a given seed and as_of.
"""

import os
import random
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import NamedTuple, TextIO

from vangnet.demo import profiles as p
from vangnet.demo.banking import dutch_iban, payment_reference
from vangnet.demo.csvout import RowWriter, csv_line
from vangnet.demo.estate import BUSINESS, DWELLING, PARKING, Estate, Unit
from vangnet.demo.ledger import ContractPlan, LedgerSimulator, cents
from vangnet.demo.people import People
from vangnet.demo.timeline import Timeline, add_months
from vangnet.ledger.importing.schema import ENTITIES

# Betalingskenmerken are this base plus ten times the contract number: 16 digits with a valid check digit.
REFERENCE_BASE = 410_000_000_000_000
SEPA_MIGRATION = date(2014, 2, 1)
OLDEST_CONTRACT = date(1978, 1, 1)
# The yearly rent increase on 1 July, applied backwards to find what earlier invoices charged.
RENT_INCREASE = 1.045
# Contracts that started inside the period, and the households with a second (co-)tenant.
NEW_CONTRACT_SHARE = 0.08
CO_TENANT_SHARE = 0.06
PARKING_SHARE, BUSINESS_SHARE = 0.04, 0.01
PAYMENT_METHODS = ("direct_debit",) * 60 + ("transfer",) * 35 + ("ideal_link",) * 5
BUSINESS_PAYMENT_METHODS = ("direct_debit",) * 3 + ("transfer",) * 7
# Every SUBSCRIPTION_EVERY-th tenancy, if a running home's, has a service subscription the ERP knows (the
# default plans of the serviceabonnement type): chosen by number, so the random draws stay as they were.
SUBSCRIPTION_EVERY = 20
SUBSCRIPTION_PLANS = (("basis", "4.50"), ("plus", "7.95"))


class _Terms(NamedTuple):
    start: date
    rent: int  # today's bare rent in cents
    service: int  # service costs in cents
    totals: list[int]  # what a month's invoice charged, per rent step back from today


@contextmanager
def _csv_files(directory: Path) -> Iterator[dict[str, TextIO]]:
    """An open file per entity, header written. Files get a temporary name and are renamed only when all
    succeed, so an interrupted run never leaves a half delivery that looks complete."""
    directory.mkdir(parents=True, exist_ok=True)
    handles: dict[str, TextIO] = {}
    pending: list[tuple[Path, Path]] = []
    with ExitStack() as stack:
        for entity in ENTITIES:
            final = directory / entity.file_name
            temporary = final.with_suffix(".csv.partial")
            handle = stack.enter_context(temporary.open("w", encoding="utf-8", newline="", buffering=1 << 20))
            handle.write(csv_line(entity.column_names))
            handles[entity.name] = handle
            pending.append((temporary, final))
        yield handles
    for temporary, final in pending:
        os.replace(temporary, final)


def write_demo_files(
    directory: Path, *, tenancies: int, months: int, seed: int = 2026, as_of: date
) -> dict[str, int]:
    """Writes the canonical CSV files into directory and returns the row count of each."""
    rnd = random.Random(seed)
    timeline = Timeline(as_of, months)
    with _csv_files(directory) as files:
        portfolio = _Portfolio(rnd, timeline, files)
        for number in range(1, tenancies + 1):
            portfolio.add_tenancy(number)
        return portfolio.counts()


class _Portfolio:
    """Decides and writes one tenancy at a time."""

    def __init__(self, rnd: random.Random, timeline: Timeline, files: dict[str, TextIO]) -> None:
        self._rnd = rnd
        self._t = timeline
        self._w = {name: RowWriter(handle) for name, handle in files.items()}
        writers = self._w
        self._estate = Estate(rnd)
        self._people = People(rnd, timeline.as_of)
        self._ledger = LedgerSimulator(
            rnd,
            timeline,
            files["ledger_entries"].write,
            writers["arrangements"],
            writers["arrangement_installments"],
            writers["promises"],
        )
        self._factors = [RENT_INCREASE**step for step in range(max(timeline.rent_step) + 1)]
        self._history_months = _months_between(OLDEST_CONTRACT, timeline.months[0])
        self._rows = {
            "tenants": 0,
            "units": 0,
            "contracts": 0,
            "contract_tenants": 0,
            "service_subscriptions": 0,
        }
        # Recent households per municipality, who may rent a parking space near home as well.
        self._neighbours: dict[str, list[str]] = {}

    def counts(self) -> dict[str, int]:
        ledger = self._ledger
        return self._rows | {
            "ledger_entries": ledger.entries,
            "arrangements": ledger.arrangements,
            "arrangement_installments": ledger.installments,
            "promises": ledger.promises,
            # The demo's ERP sends none: its circumstances are recorded by colleagues (demo/circumstances.py).
            "circumstances": 0,
        }

    def _write(self, entity: str, row: Sequence[str]) -> None:
        self._w[entity](row)
        self._rows[entity] += 1

    def add_tenancy(self, number: int) -> None:
        kind = _unit_kind(self._rnd.random())
        unit = self._estate.next_unit(kind)
        self._write("units", unit.row())
        plan, terms = self._plan(number, kind)
        tenant_ids = self._tenants(unit, plan)
        self._write("contracts", self._contract_row(plan, unit, terms))
        for index, tenant_id in enumerate(tenant_ids):
            self._write("contract_tenants", (plan.contract_id, tenant_id, "main" if index == 0 else "co"))
        if kind == DWELLING and plan.ended_on < 0 and number % SUBSCRIPTION_EVERY == 7:
            code, price = SUBSCRIPTION_PLANS[(number // SUBSCRIPTION_EVERY) % len(SUBSCRIPTION_PLANS)]
            start = max(terms.start, date(2020, 1, 1)).isoformat()
            self._write("service_subscriptions", (plan.contract_id, code, price, start, ""))
        self._ledger.simulate(plan)

    # The contract -----------------------------------------------------------------------------------

    def _plan(self, number: int, kind: str) -> tuple[ContractPlan, _Terms]:
        rnd, t = self._rnd, self._t
        current = t.current_month
        first = 0
        if current > 0 and rnd.random() < NEW_CONTRACT_SHARE:
            first = rnd.randint(1, current)
            start = t.months[first]
        else:
            # Long tenancies are common in social housing; the power favours recent starts a little.
            months_back = 1 + int(rnd.random() ** 1.6 * self._history_months)
            start = add_months(t.months[0], -months_back)
        methods = BUSINESS_PAYMENT_METHODS if kind == BUSINESS else PAYMENT_METHODS
        method = methods[int(rnd.random() * len(methods))]
        terms = self._terms(kind, start)
        plan = ContractPlan(
            contract_id=f"HO{number:07d}",
            reference=payment_reference(REFERENCE_BASE + number * 10),
            method=method,
            profile=p.choose_profile(rnd),
            amounts=[(cents(total), total) for total in terms.totals],
            first=first,
            last=current,
            habit=self._habit(method),
            links=rnd.random() < 0.4,
            uses_reference=rnd.random() < 0.85,
        )
        self._shape(plan)
        return plan, terms

    def _habit(self, method: str) -> int:
        """Days after the 1st an on-time payer pays: debits on the day, transfers around it, iDEAL later."""
        if method == "direct_debit":
            return 0
        if method == "transfer":
            return self._rnd.randint(-5, 2)
        return self._rnd.randint(2, 7)

    def _shape(self, plan: ContractPlan) -> None:
        """The profile's details; a profile the contract is too young for falls back to paying on time."""
        rnd, t = self._rnd, self._t
        current = t.current_month
        if plan.profile == p.ONCE_LATE and current - 1 >= max(plan.first, current - 6):
            plan.late_month = rnd.randint(max(plan.first, current - 6), current - 1)
            plan.late_delay = rnd.randint(12, 45)
        elif plan.profile == p.REGULAR_LATE:
            plan.late_chance = rnd.uniform(0.3, 0.6)
        elif plan.profile == p.STRUCTURAL:
            plan.late_chance = 0.3
            plan.arrears_from = max(plan.first, current - rnd.randint(4, 12))
            earliest = max(plan.arrears_from + 3, current - 5)
            if earliest <= current and rnd.random() < 0.35:
                plan.arrangement_month = rnd.randint(earliest, current)
                plan.arrangement_breaks_after = rnd.randint(1, 2) if rnd.random() < 0.2 else 0
        elif plan.profile == p.DEPARTED and current - 1 >= max(plan.first, current - 11):
            plan.last = rnd.randint(max(plan.first, current - 11), current - 1)
            plan.ended_on = t.month_end(plan.last)
            plan.lapsed = rnd.random() < 0.35
            plan.late_chance = 0.4
        elif plan.profile == p.DEPARTED:
            plan.profile = p.ON_TIME

    def _terms(self, kind: str, start: date) -> _Terms:
        rnd = self._rnd
        if kind == PARKING:
            rent, service = rnd.randint(4500, 11000), 0
        elif kind == BUSINESS:
            rent, service = rnd.randint(65000, 180000), rnd.choice((0, rnd.randint(2500, 9000)))
        else:
            rent = int(rnd.triangular(45000, 115000, 68000))
            service = 0 if rnd.random() < 0.3 else rnd.randint(500, 9000)
        # Service costs are settled, not indexed: only the bare rent is lower in earlier years.
        return _Terms(start, rent, service, [round(rent / factor) + service for factor in self._factors])

    def _contract_row(self, plan: ContractPlan, unit: Unit, terms: _Terms) -> tuple[str, ...]:
        rnd, t = self._rnd, self._t
        mandate_id = mandate_date = iban = ""
        if plan.method == "direct_debit":
            mandate_id = f"{plan.contract_id}-M1"
            signed = (
                SEPA_MIGRATION.toordinal() - rnd.randint(1, 90)
                if terms.start < SEPA_MIGRATION
                else terms.start.toordinal() - rnd.randint(3, 40)
            )
            mandate_date = date.fromordinal(signed).isoformat()
            iban = dutch_iban(rnd)
        end = t.iso(plan.ended_on) if plan.ended_on >= 0 else ""
        return (
            plan.contract_id, unit.unit_id, terms.start.isoformat(), end, cents(terms.rent), cents(terms.service),
            plan.method, "1", mandate_id, mandate_date, iban, plan.reference,
        )  # fmt: skip

    # The tenants ------------------------------------------------------------------------------------

    def _new_tenant_id(self) -> str:
        return f"R{self._rows['tenants'] + 1:07d}"

    def _tenants(self, unit: Unit, plan: ContractPlan) -> list[str]:
        rnd, people = self._rnd, self._people
        area = unit.neighbourhood.area_code
        municipality = unit.address.municipality
        if unit.kind == BUSINESS:
            tenant_id = self._new_tenant_id()
            self._write("tenants", people.row(people.organisation(tenant_id, unit.address, area_code=area)))
            return [tenant_id]
        neighbours = self._neighbours.setdefault(municipality, [])
        if unit.kind == PARKING and neighbours and rnd.random() < 0.5:
            return [rnd.choice(neighbours)]
        home = unit.address
        if unit.kind == PARKING or (plan.profile == p.DEPARTED and rnd.random() < 0.6):
            home = self._estate.private_address(municipality if unit.kind == PARKING else None)
        deceased_on = self._deceased_on(plan)
        tenant_id = self._new_tenant_id()
        main = people.person(tenant_id, home, area_code=area, profile=plan.profile, deceased_on=deceased_on)
        self._write("tenants", people.row(main))
        ids = [tenant_id]
        if unit.kind == DWELLING and rnd.random() < CO_TENANT_SHARE:
            co_id = self._new_tenant_id()
            partner = people.person(co_id, home, area_code=area, profile=plan.profile, partner=main)
            self._write("tenants", people.row(partner))
            ids.append(co_id)
        if unit.kind == DWELLING and plan.profile != p.DEPARTED and not deceased_on:
            if len(neighbours) < 64:
                neighbours.append(tenant_id)
            else:
                neighbours[rnd.randrange(64)] = tenant_id
        return ids

    def _deceased_on(self, plan: ContractPlan) -> str:
        """A few tenants died: the contract then ends within a couple of months, or just did."""
        rnd, t = self._rnd, self._t
        if plan.profile == p.DEPARTED and rnd.random() < 0.05:
            died = plan.ended_on - rnd.randint(30, 75)
            return t.iso(died) if died > t.month_start[plan.first] else ""
        if plan.profile != p.DEPARTED and rnd.random() < 0.0005:
            return t.iso(t.today - rnd.randint(5, 45))
        return ""


def _unit_kind(draw: float) -> str:
    if draw < PARKING_SHARE:
        return PARKING
    if draw < PARKING_SHARE + BUSINESS_SHARE:
        return BUSINESS
    return DWELLING


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
