"""Reconciliation over generated ledgers: whatever the bookings, every grouping adds up to the total, the
total balance is the ledger's sum, the overdue amount is what the statement of each contract shows, and the
ageing buckets add up to it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ContractFactory, CorporationFactory, LedgerEntryFactory, UnitFactory
from vangnet.core.clock import today
from vangnet.ledger.models import EntryKind, LedgerEntry, UnitKind
from vangnet.ledger.selectors import contract_statement
from vangnet.ledger.services.standing import refresh_standings
from vangnet.reports.history import history_record
from vangnet.reports.selectors import report_compute

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000"), places=2)
entry = st.tuples(
    st.sampled_from([EntryKind.INVOICE, EntryKind.PAYMENT, EntryKind.CORRECTION]),
    amounts,
    st.integers(min_value=-20, max_value=400),
    st.booleans(),
)
contract = st.tuples(
    st.sampled_from(["Lombok", "Oog in Al", ""]),
    st.sampled_from([UnitKind.DWELLING, UnitKind.PARKING, UnitKind.BUSINESS]),
    st.booleans(),
    st.lists(entry, max_size=6),
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contracts=st.lists(contract, min_size=1, max_size=5))
def test_the_reports_reconcile_to_the_ledger_to_the_cent(contracts):
    as_of = today()
    corporation = CorporationFactory()
    made = []
    for wijk, kind, departed, entries in contracts:
        unit = UnitFactory(corporation=corporation, neighbourhood=wijk, kind=kind)
        end = as_of - dt.timedelta(days=30) if departed else None
        current = ContractFactory(
            corporation=corporation, unit=unit, start_date=as_of - dt.timedelta(days=500), end_date=end
        )
        made.append(current)
        for kind_of_entry, amount, days_ago, credit in entries:
            day = as_of - dt.timedelta(days=days_ago)
            signed = (
                -amount
                if kind_of_entry == EntryKind.PAYMENT or (kind_of_entry == EntryKind.CORRECTION and credit)
                else amount
            )
            LedgerEntryFactory(
                contract=current,
                kind=kind_of_entry,
                amount=signed,
                booking_date=min(day, as_of),
                due_date=day,
            )
    refresh_standings(corporation=corporation, as_of=as_of)
    history_record(corporation=corporation, as_of=as_of)

    ledger = LedgerEntry.objects.filter(corporation=corporation).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal(0)
    # SQLite sums money as floating point; the ledger's own figure is to the cent.
    ledger = ledger.quantize(Decimal("0.01"))
    statements = [contract_statement(contract=c, as_of=as_of) for c in made]
    overdue = sum((s.overdue_amount for s in statements), Decimal(0))
    for by in ("total", "neighbourhood", "unit_kind", "tenant_status"):
        result = report_compute(corporation=corporation, name="arrears", by=by, as_of=as_of)
        assert result.totals["balance"] == ledger
        assert result.totals["overdue_amount"] == overdue
        for key in ("balance", "overdue_amount", "overdue_current", "overdue_departed", "contracts"):
            assert sum(row[key] for row in result.rows) == result.totals[key]
    ageing = report_compute(corporation=corporation, name="ageing", by="neighbourhood", as_of=as_of)
    buckets = ("overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_91_180", "overdue_over_180")
    assert sum(ageing.totals[key] for key in buckets) == ageing.totals["overdue_amount"] == overdue
