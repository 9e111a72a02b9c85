"""A standing continued from the one before equals the standing recomputed from the whole ledger.

Random ledgers are split into a base (recomputed whole, which keeps the state) and entries appended after
it, some back-dated or reaching back through links and reversals (those contracts must be recomputed),
continued on the same day or days later (invoices and reversals leave the window, invoices paid ahead enter
it, credits booked ahead start to count); every column of the standing, the kept state included, must come
out the same either way.
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.factories import ContractFactory, CorporationFactory, LedgerEntryFactory
from vangnet.ledger.models import ContractStanding, LedgerEntry
from vangnet.ledger.services.carrying import standings_carry_forward
from vangnet.ledger.services.continuation import standings_continue
from vangnet.ledger.services.standing import recompute_standings, refresh_standings

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 15)
D = Decimal
KINDS = ["invoice", "invoice", "payment", "payment", "reversal", "correction", "write_off"]
CATEGORIES = ["rent", "rent", "rent", "service_costs", "collection_costs", "interest"]


def entry_rows(booking_days: tuple[int, int]):
    return st.lists(
        st.tuples(
            st.sampled_from(KINDS),
            st.integers(min_value=1, max_value=120_000),  # cents
            st.integers(min_value=booking_days[0], max_value=booking_days[1]),  # booking, days from AS_OF
            st.integers(min_value=-10, max_value=40),  # due date after booking (invoices)
            st.booleans(),  # linked?
            st.integers(min_value=0, max_value=60),  # to which earlier entry
            st.sampled_from(CATEGORIES),
        ),
        max_size=14,
    )


def book(corporation, contract, rows, earlier: list[LedgerEntry]) -> None:
    for kind, cents, booking, due_after, link, link_to, category in rows:
        amount = D(cents) / 100
        if kind in ("payment", "write_off") or (kind == "correction" and cents % 3 == 0):
            amount = -amount
        booked = AS_OF + dt.timedelta(days=booking)
        linked = None
        if link and earlier and kind in ("payment", "reversal", "correction"):
            candidates = [e for e in earlier if (e.amount < 0) == (kind == "reversal")] or earlier
            linked = candidates[link_to % len(candidates)]
        earlier.append(
            LedgerEntryFactory(
                corporation=corporation,
                contract=contract,
                kind=kind,
                category=category if kind == "invoice" else "",
                amount=amount,
                booking_date=booked,
                due_date=booked + dt.timedelta(days=due_after) if kind == "invoice" else booked,
                linked_entry=linked,
            )
        )


def standing_values(contract) -> dict:
    standing = ContractStanding.objects.get(contract=contract)
    values = {
        f.attname: getattr(standing, f.attname) for f in ContractStanding._meta.fields if f.name != "id"
    }
    # SQLite 3.40 joins the window's paid invoices in the order it reads them; the set is what counts.
    values["window_paid"] = sorted(values["window_paid"].split(","))
    return values


def assert_as_recomputed(corporation, contracts, as_of) -> None:
    """The standings as they stand now equal those recomputed from the contracts' whole ledgers."""
    brought = {c.pk: standing_values(c) for c in contracts}
    recompute_standings(corporation=corporation, as_of=as_of, contract_ids=[c.pk for c in contracts])
    assert brought == {c.pk: standing_values(c) for c in contracts}


def paid_up_contracts(corporation, count: int, *, months: int, paid_after_days: int) -> list:
    """Contracts with monthly rent of 700.00 from January, each month paid in full some days after it was due."""
    contracts = [ContractFactory(corporation=corporation) for _ in range(count)]
    for contract in contracts:
        for month in range(1, months + 1):
            due = dt.date(2026, month, 1)
            LedgerEntryFactory(corporation=corporation, contract=contract, kind="invoice", amount=D("700.00"),
                               booking_date=due, due_date=due, category="rent")  # fmt: skip
            LedgerEntryFactory(corporation=corporation, contract=contract, kind="payment", amount=D("-700.00"),
                               booking_date=due + dt.timedelta(days=paid_after_days), due_date=due)  # fmt: skip
    return contracts


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=entry_rows((-420, 30)),
    appended=st.lists(
        st.tuples(
            st.one_of(entry_rows((-3, 25)), entry_rows((-420, 30))),
            st.sampled_from([0, 0, 1, 3, 17, 40]),  # days later than the round before
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_a_continued_standing_equals_the_recomputed_one(base, appended):
    corporation = CorporationFactory()
    contract = ContractFactory(corporation=corporation)
    entries: list[LedgerEntry] = []
    book(corporation, contract, base, entries)
    as_of = AS_OF
    recompute_standings(corporation=corporation, as_of=as_of, contract_ids=[contract.pk])
    for rows, days_later in appended:  # each round continues from the standing the round before left
        book(corporation, contract, rows, entries)
        as_of += dt.timedelta(days=days_later)
        carried = standings_carry_forward(corporation=corporation, as_of=as_of, contract_ids=[contract.pk])
        left = standings_continue(corporation=corporation, as_of=as_of, contract_ids={contract.pk} - carried)
        way = "carried" if carried else "recomputed" if left else "continued"
        event(way + (" a later day" if days_later else " the same day"))
        recompute_standings(corporation=corporation, as_of=as_of, contract_ids=left)

        assert_as_recomputed(corporation, [contract], as_of)


def test_payments_and_charges_of_the_day_continue_every_contract_in_the_same_queries(
    django_assert_num_queries,
):
    corporation = CorporationFactory()
    contracts = paid_up_contracts(corporation, 3, months=5, paid_after_days=0)
    ids = [c.pk for c in contracts]
    refresh_standings(corporation=corporation, as_of=AS_OF, contract_ids=ids)
    for contract in contracts:
        LedgerEntryFactory(corporation=corporation, contract=contract, kind="payment", amount=D("-400.00"),
                           booking_date=AS_OF, due_date=AS_OF)  # fmt: skip
        LedgerEntryFactory(corporation=corporation, contract=contract, kind="correction", amount=D("12.50"),
                           booking_date=AS_OF, due_date=AS_OF)  # fmt: skip

    # The states, the entry counts, the highest id, the new entries, the debits still open, one upsert.
    with django_assert_num_queries(6):
        assert standings_continue(corporation=corporation, as_of=AS_OF, contract_ids=ids) == set()

    standing = ContractStanding.objects.get(contract=contracts[0])
    # 5 x 700 + 12.50 charged, 5 x 700 + 400 paid: nothing open, 387.50 paid ahead.
    assert (standing.balance, standing.overdue_amount, standing.open_items) == (D("-387.50"), D("0.00"), 0)
    assert (standing.invoices_in_window, standing.late_in_window, standing.max_days_late) == (5, 0, 0)


def test_a_payment_booked_before_the_last_one_recomputes_the_contract_and_the_next_day_continues_it():
    corporation = CorporationFactory()
    contract = ContractFactory(corporation=corporation)
    LedgerEntryFactory(corporation=corporation, contract=contract, kind="invoice", amount=D("700.00"),
                       booking_date=dt.date(2026, 6, 1), due_date=dt.date(2026, 6, 1))  # fmt: skip
    LedgerEntryFactory(corporation=corporation, contract=contract, kind="payment", amount=D("-300.00"),
                       booking_date=dt.date(2026, 6, 10), due_date=dt.date(2026, 6, 10))  # fmt: skip
    refresh_standings(corporation=corporation, as_of=AS_OF, contract_ids=[contract.pk])
    LedgerEntryFactory(corporation=corporation, contract=contract, kind="payment", amount=D("-400.00"),
                       booking_date=dt.date(2026, 6, 5), due_date=dt.date(2026, 6, 5))  # fmt: skip

    assert standings_continue(corporation=corporation, as_of=AS_OF, contract_ids=[contract.pk]) == {
        contract.pk
    }
    refresh_standings(corporation=corporation, as_of=AS_OF, contract_ids=[contract.pk])
    standing = ContractStanding.objects.get(contract=contract)
    assert (standing.balance, standing.late_in_window, standing.max_days_late) == (D("0.00"), 1, 9)
    # The next day continues it: nothing was booked since, the invoice stays in the window, paid 9 days late.
    next_day = AS_OF + dt.timedelta(days=1)
    assert standings_continue(corporation=corporation, as_of=next_day, contract_ids=[contract.pk]) == set()
    standing = ContractStanding.objects.get(contract=contract)
    assert (standing.as_of, standing.late_in_window, standing.max_days_late) == (next_day, 1, 9)


def test_a_quiet_day_carries_every_paid_up_standing_in_the_same_queries(django_assert_num_queries):
    corporation = CorporationFactory()
    contracts = paid_up_contracts(corporation, 4, months=6, paid_after_days=3)
    # One owes June's rent, one paid the next instalment of its rent ahead (booked on 20 June).
    in_arrears, paid_ahead, *paid_up = [c.pk for c in contracts]
    LedgerEntry.objects.filter(contract_id=in_arrears, kind="payment", due_date=dt.date(2026, 6, 1)).delete()
    LedgerEntryFactory(corporation=corporation, contract_id=paid_ahead, kind="payment", amount=D("-700.00"),
                       booking_date=dt.date(2026, 6, 20), due_date=dt.date(2026, 6, 20))  # fmt: skip
    ids = [c.pk for c in contracts]
    recompute_standings(corporation=corporation, as_of=AS_OF, contract_ids=ids)
    next_day = AS_OF + dt.timedelta(days=1)

    # The oldest mark and the highest id, the entries since, one UPDATE.
    with django_assert_num_queries(3):
        carried = standings_carry_forward(corporation=corporation, as_of=next_day, contract_ids=ids)

    assert carried == set(paid_up)
    assert set(ContractStanding.objects.filter(contract_id__in=paid_up).values_list("as_of", flat=True)) == {
        next_day
    }
    refresh_standings(corporation=corporation, as_of=next_day, contract_ids=ids)
    assert_as_recomputed(corporation, contracts, next_day)
    standing = ContractStanding.objects.get(contract_id=in_arrears)
    assert (standing.overdue_amount, standing.max_days_late) == (D("700.00"), 15)


def paid_up_history():
    """Monthly rent, each paid in full some days before or after its due date, and payments of the day."""
    return st.lists(
        st.tuples(
            st.integers(min_value=40_000, max_value=120_000),  # the month's rent in cents
            st.integers(min_value=-5, max_value=30),  # paid this many days after the due date
            st.booleans(),  # a service-cost charge of 12.50 that month, paid with the rent
        ),
        min_size=0,
        max_size=14,
    )


def plain_entries():
    """The day's usual entries: payments and credit corrections, or one charge or one invoice."""
    return st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=120_000),  # cents
            st.integers(min_value=-3, max_value=3),  # booked this many days from the round's day
            st.sampled_from(["payment", "payment", "credit", "charge", "invoice"]),
            st.integers(min_value=-10, max_value=40),  # an invoice's due date after its booking
        ),
        min_size=1,
        max_size=3,
    ).map(lambda rows: rows if all(r[2] in ("payment", "credit") for r in rows) else rows[:1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    history=paid_up_history(),
    rounds=st.lists(
        st.tuples(st.one_of(plain_entries(), entry_rows((-3, 25))), st.sampled_from([0, 0, 1, 3, 17, 40])),
        min_size=1,
        max_size=3,
    ),
)
def test_payments_on_a_paid_up_contract_carry_to_the_recomputed_standing(history, rounds):
    corporation = CorporationFactory()
    contract = ContractFactory(corporation=corporation)
    entries: list[LedgerEntry] = []
    for month, (cents, paid_after, charge) in enumerate(history):
        due = AS_OF - dt.timedelta(days=31 * (len(history) - month))
        owed = D(cents) / 100 + (D("12.50") if charge else 0)
        paid = min(due + dt.timedelta(days=paid_after), AS_OF)
        for kind, amount, booked, category in [
            ("invoice", D(cents) / 100, due, "rent"),
            *([("invoice", D("12.50"), due, "service_costs")] if charge else []),
            ("payment", -owed, paid, ""),
        ]:
            entries.append(LedgerEntryFactory(corporation=corporation, contract=contract, kind=kind,
                                              category=category, amount=amount, booking_date=booked,
                                              due_date=booked))  # fmt: skip
    as_of = AS_OF
    recompute_standings(corporation=corporation, as_of=as_of, contract_ids=[contract.pk])
    for rows, days_later in rounds:
        as_of += dt.timedelta(days=days_later)
        if rows and len(rows[0]) == 4:  # the day's usual entries
            for cents, booked_after, kind, due_after in rows:
                booked = as_of + dt.timedelta(days=booked_after)
                amount = D(cents) / 100 if kind in ("charge", "invoice") else -D(cents) / 100
                entries.append(LedgerEntryFactory(corporation=corporation, contract=contract,
                                                  kind="payment" if kind == "payment" else "invoice"
                                                  if kind == "invoice" else "correction",
                                                  category="rent" if kind == "invoice" else "", amount=amount,
                                                  booking_date=booked,
                                                  due_date=booked + dt.timedelta(days=due_after)
                                                  if kind == "invoice" else booked))  # fmt: skip
        else:
            book(corporation, contract, rows, entries)
        carried = standings_carry_forward(corporation=corporation, as_of=as_of, contract_ids=[contract.pk])
        event("carried" if carried else "not carried")
        refresh_standings(corporation=corporation, as_of=as_of, contract_ids=[contract.pk])

        assert_as_recomputed(corporation, [contract], as_of)


def test_the_days_payments_and_charges_on_paid_up_contracts_are_carried_in_five_queries(
    django_assert_num_queries,
):
    corporation = CorporationFactory()
    contracts = paid_up_contracts(corporation, 4, months=6, paid_after_days=3)
    ids = [c.pk for c in contracts]
    recompute_standings(corporation=corporation, as_of=AS_OF, contract_ids=ids)
    next_day = AS_OF + dt.timedelta(days=1)
    paying, charged, *quiet = ids
    LedgerEntryFactory(corporation=corporation, contract_id=paying, kind="payment", amount=D("-700.00"),
                       booking_date=next_day, due_date=next_day)  # fmt: skip
    LedgerEntryFactory(corporation=corporation, contract_id=charged, kind="correction", amount=D("12.50"),
                       booking_date=next_day, due_date=next_day)  # fmt: skip

    # The oldest marks and the highest id, the entries since, one UPDATE each: quiet, paying, charged.
    with django_assert_num_queries(5):
        carried = standings_carry_forward(corporation=corporation, as_of=next_day, contract_ids=ids)

    assert carried == {paying, charged, *quiet}
    standing = ContractStanding.objects.get(contract_id=paying)
    assert (standing.as_of, standing.balance, standing.open_items) == (next_day, D("-700.00"), 0)
    standing = ContractStanding.objects.get(contract_id=charged)  # open, due today: not overdue yet
    assert (standing.balance, standing.open_items, standing.overdue_amount) == (D("12.50"), 1, D("0.00"))
    refresh_standings(corporation=corporation, as_of=next_day, contract_ids=ids)
    assert_as_recomputed(corporation, contracts, next_day)


def test_entries_a_standing_has_already_seen_do_not_keep_the_next_days_entries_from_being_carried():
    """After a day that touched some contracts, the standings' marks differ: yesterday's payment on one
    contract lies between the oldest mark and its own. Today's charge on it is still carried, and a contract
    whose only entry since the oldest mark is one its standing has seen is carried as a quiet one."""
    corporation = CorporationFactory()
    contracts = paid_up_contracts(corporation, 3, months=6, paid_after_days=3)
    ids = [c.pk for c in contracts]
    recompute_standings(corporation=corporation, as_of=AS_OF, contract_ids=ids)
    paid_yesterday, charged_today, untouched = ids
    day_one, day_two = AS_OF + dt.timedelta(days=1), AS_OF + dt.timedelta(days=2)
    LedgerEntryFactory(corporation=corporation, contract_id=paid_yesterday, kind="payment", amount=D("-50.00"),
                       booking_date=day_one, due_date=day_one)  # fmt: skip
    LedgerEntryFactory(corporation=corporation, contract_id=charged_today, kind="payment", amount=D("-50.00"),
                       booking_date=day_one, due_date=day_one)  # fmt: skip
    assert refresh_standings(
        corporation=corporation, as_of=day_one, contract_ids=[paid_yesterday, charged_today]
    )
    LedgerEntryFactory(corporation=corporation, contract_id=charged_today, kind="correction", amount=D("12.50"),
                       booking_date=day_two, due_date=day_two)  # fmt: skip

    carried = standings_carry_forward(corporation=corporation, as_of=day_two, contract_ids=ids)

    assert carried == {paid_yesterday, charged_today, untouched}
    standing = ContractStanding.objects.get(contract_id=charged_today)
    assert (standing.as_of, standing.balance, standing.open_items) == (day_two, D("-37.50"), 0)
    assert_as_recomputed(corporation, contracts, day_two)
