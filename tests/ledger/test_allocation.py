from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vangnet.core.models import Corporation
from vangnet.ledger.allocation import Entry, open_amounts
from vangnet.ledger.models import Contract, LedgerEntry, Unit
from vangnet.ledger.selectors import contract_statement
from vangnet.ledger.services.standing import open_items_sql

D = Decimal
START = date(2026, 1, 1)


def test_payments_settle_the_oldest_due_item_first():
    entries = [
        Entry(1, "invoice", D("700"), date(2026, 9, 1)),
        Entry(2, "invoice", D("700"), date(2026, 10, 1)),
        Entry(3, "payment", D("-1000"), date(2026, 10, 5)),
    ]
    assert open_amounts(entries) == {1: D("0"), 2: D("400")}


def test_a_linked_payment_settles_its_own_item_even_if_newer():
    entries = [
        Entry(1, "invoice", D("700"), date(2026, 9, 1)),
        Entry(2, "invoice", D("50"), date(2026, 10, 1)),
        Entry(3, "payment", D("-50"), date(2026, 10, 2), linked_id=2),
    ]
    assert open_amounts(entries) == {1: D("700"), 2: D("0")}


def test_a_reversal_reopens_what_its_payment_settled():
    entries = [
        Entry(1, "invoice", D("700"), date(2026, 9, 1)),
        Entry(2, "payment", D("-700"), date(2026, 9, 1), linked_id=1),
        Entry(3, "reversal", D("700"), date(2026, 9, 3), linked_id=2),
    ]
    assert open_amounts(entries) == {1: D("700")}


entry_kinds = st.sampled_from(["invoice", "payment", "reversal", "correction", "write_off"])
ledgers = st.lists(
    st.tuples(
        entry_kinds,
        st.integers(min_value=1, max_value=200_000),
        st.integers(min_value=0, max_value=300),
        st.booleans(),
        st.integers(min_value=0, max_value=30),
    ),
    min_size=1,
    max_size=25,
)


@given(ledgers)
def test_open_items_never_exceed_the_items_and_add_up_to_the_balance_when_in_debt(rows):
    entries = _entries(rows)
    opened = open_amounts(entries)
    balance = sum((e.amount for e in entries), D("0"))
    debit_total = sum((e.amount for e in entries if e.is_debit), D("0"))
    for e in entries:
        if e.is_debit:
            assert D("0") <= opened[e.id] <= e.amount
    if D("0") <= balance <= debit_total and not any(e.linked_id for e in entries):
        assert sum(opened.values(), D("0")) == balance


def test_costs_and_interest_are_paid_before_the_principal():
    entries = [
        Entry(1, "invoice", D("700"), START, category="rent"),
        Entry(2, "invoice", D("105"), START + timedelta(days=30), category="collection_costs"),
        Entry(3, "invoice", D("12"), START + timedelta(days=31), category="interest"),
        Entry(4, "payment", D("-200"), START + timedelta(days=40)),
    ]
    assert open_amounts(entries) == {1: D("617"), 2: D("0"), 3: D("0")}


def _entries(rows) -> list[Entry]:
    entries: list[Entry] = []
    for i, (kind, cents, day, link, link_to) in enumerate(rows, start=1):
        amount = D(cents) / 100
        signed = -amount if kind in ("payment", "write_off") else amount
        linked = None
        if link and entries and kind in ("payment", "reversal"):
            linked = entries[link_to % len(entries)].id
        # Every fifth invoice is collection costs and every seventh interest (art. 6:44 BW: paid first).
        category = ""
        if kind == "invoice":
            category = "collection_costs" if cents % 5 == 0 else "interest" if cents % 7 == 0 else "rent"
        entries.append(Entry(i, kind, signed, START + timedelta(days=day), linked, category))
    return entries


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledgers)
def test_the_sql_allocation_agrees_with_the_pure_one(rows):
    from django.db import connection

    corporation, _ = Corporation.objects.get_or_create(slug="alloc", name="Alloc")
    unit, _ = Unit.objects.get_or_create(
        corporation=corporation,
        source_id="U",
        street="S",
        house_number="1",
        postcode="1000AA",
        city="A",
        municipality="A",
    )
    contract = Contract.objects.create(
        corporation=corporation,
        source_id=f"C{Contract.objects.count()}",
        unit=unit,
        start_date=START,
        monthly_rent=D("700"),
        payment_method="transfer",
    )
    pure = _entries(rows)
    ids = {}
    for e in pure:
        row = LedgerEntry.objects.create(
            corporation=corporation,
            contract=contract,
            source_id=f"{contract.source_id}-{e.id}",
            kind=e.kind,
            booking_date=e.due_date,
            due_date=e.due_date,
            amount=e.amount,
            category=e.category,
            linked_entry_id=ids.get(e.linked_id),
        )
        ids[e.id] = row.pk
    expected = {ids[k]: v for k, v in open_amounts(pure).items()}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, open_amount FROM ({open_items_sql()}) items WHERE contract_id = %(contract)s",
            {"corporation": corporation.pk, "contract": contract.pk},
        )
        from_sql = {row[0]: D(str(row[1])).quantize(D("0.01")) for row in cursor.fetchall()}
    assert from_sql == expected
    statement = contract_statement(contract=contract, as_of=date(2026, 12, 31))
    assert statement.balance == sum((e.amount for e in pure), D("0"))
