"""The history the daily run writes: one row per contract per month, rewritten by each run of the month,
with what the run decided (flow, step, hold); months before the first run come from the ledger."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection

from tests.reports.conftest import build_portfolio, invoice
from vangnet.core.errors import ApplicationError
from vangnet.daily.services import run_day
from vangnet.flows.services import flows_install_defaults
from vangnet.reports.history import history_backfill, history_record, month_end
from vangnet.reports.models import ContractMonth, HistorySource, MonthTotal
from vangnet.reports.selectors import report_compute


def test_the_daily_run_records_the_month_with_the_dossier_it_opened(portfolio):
    flows_install_defaults(corporation=portfolio.corporation, actor="test")
    run_day(corporation=portfolio.corporation, as_of=portfolio.as_of, actor="test")
    run_day(corporation=portfolio.corporation, as_of=portfolio.as_of, actor="test")

    late = ContractMonth.objects.get(contract=portfolio.contracts["late"])
    assert late.month == month_end(portfolio.as_of)
    assert late.source == HistorySource.RUN
    assert late.overdue_amount == Decimal("1000.00")
    assert late.flow is not None
    paid = ContractMonth.objects.get(contract=portfolio.contracts["paid"])
    assert paid.flow is None
    assert paid.balance == Decimal("0.00")


def test_recording_takes_the_same_few_queries_for_any_portfolio(db, django_assert_max_num_queries):
    small = build_portfolio()
    large = build_portfolio()
    for contract in large.contracts.values():
        invoice(contract, "100.00", 45, large.as_of)
    # Read the contracts in arrears, delete and insert the rows, then the month's total, and on PostgreSQL
    # fresh statistics and the JIT switched off and on again; savepoints aside.
    with django_assert_max_num_queries(10):
        history_record(corporation=small.corporation, as_of=small.as_of)
    with django_assert_max_num_queries(10):
        history_record(corporation=large.corporation, as_of=large.as_of)


def test_earlier_months_are_reconstructed_from_what_was_booked_by_then(portfolio):
    written = history_backfill(corporation=portfolio.corporation, as_of=portfolio.as_of, months=6)

    assert len(written) == 6
    trend = report_compute(
        corporation=portfolio.corporation, name="arrears_trend", by="month", as_of=portfolio.as_of
    )
    assert len(trend.rows) == 7
    by_month = {row["key"]: row for row in trend.rows}
    # Four months ago only the departed tenant's invoice (200 days old today) had been booked and was due.
    four_back = month_end(portfolio.as_of.replace(day=1) - relativedelta(months=4))
    if portfolio.as_of - dt.timedelta(days=200) <= four_back < portfolio.as_of - dt.timedelta(days=100):
        assert by_month[four_back.isoformat()]["overdue_amount"] == Decimal("400.00")
    # The latest month is the run's, the same as the arrears report today.
    today = report_compute(
        corporation=portfolio.corporation, name="arrears", by="total", as_of=portfolio.as_of
    )
    assert trend.totals["overdue_amount"] == today.totals["overdue_amount"]
    # A second backfill writes nothing: the months are there.
    assert history_backfill(corporation=portfolio.corporation, as_of=portfolio.as_of, months=6) == []


def test_ageing_of_a_reconstructed_month_is_refused_by_name(portfolio):
    history_backfill(corporation=portfolio.corporation, as_of=portfolio.as_of, months=1)
    last_month = portfolio.as_of.replace(day=1) - dt.timedelta(days=1)

    with pytest.raises(ApplicationError, match="geen ouderdom bekend"):
        report_compute(corporation=portfolio.corporation, name="ageing", by="total", as_of=last_month)


def test_the_month_total_is_the_sum_of_the_months_rows_and_the_trend_reads_only_totals(
    portfolio, django_assert_num_queries
):
    history_backfill(corporation=portfolio.corporation, as_of=portfolio.as_of, months=3)
    for row in ContractMonth.objects.filter(corporation=portfolio.corporation).values("month").distinct():
        month = row["month"]
        total = MonthTotal.objects.get(corporation=portfolio.corporation, month=month)
        arrears = report_compute(corporation=portfolio.corporation, name="arrears", by="total", as_of=month)
        assert (total.balance, total.overdue_amount) == (
            arrears.totals["balance"],
            arrears.totals["overdue_amount"],
        )
    with django_assert_num_queries(1):
        trend = report_compute(
            corporation=portfolio.corporation, name="arrears_trend", by="month", as_of=portfolio.as_of
        )
    assert len(trend.rows) == 4
    assert trend.totals["overdue_amount"] == Decimal("1650.00")


def test_every_grouping_of_the_history_is_one_query_without_joining_units(
    portfolio, django_assert_num_queries
):
    for by in ("municipality", "neighbourhood", "complex", "unit_kind", "tenant_status"):
        with django_assert_num_queries(1) as captured:
            report_compute(corporation=portfolio.corporation, name="arrears", by=by, as_of=portfolio.as_of)
        assert "ledger_unit" not in captured.captured_queries[0]["sql"]
    with django_assert_num_queries(1):
        report_compute(corporation=portfolio.corporation, name="ageing", by="complex", as_of=portfolio.as_of)


def test_the_history_keeps_the_units_dimensions_as_they_were_when_written(portfolio):
    unit = portfolio.contracts["partly"].unit
    unit.neighbourhood = "Zuilen"
    unit.save()
    before = report_compute(
        corporation=portfolio.corporation, name="arrears", by="neighbourhood", as_of=portfolio.as_of
    )
    assert {row["label"] for row in before.rows} == {"Lombok", "Oog in Al"}

    history_record(corporation=portfolio.corporation, as_of=portfolio.as_of)
    after = report_compute(
        corporation=portfolio.corporation, name="arrears", by="neighbourhood", as_of=portfolio.as_of
    )
    assert {row["label"] for row in after.rows} == {"Lombok", "Oog in Al", "Zuilen"}
    assert after.totals["overdue_amount"] == before.totals["overdue_amount"]


def test_the_data_migration_fills_dimensions_and_totals_of_rows_written_before_them(portfolio):
    migration = importlib.import_module("vangnet.reports.migrations.0004_fill_month_dimensions_and_totals")
    expected = report_compute(
        corporation=portfolio.corporation, name="arrears", by="neighbourhood", as_of=portfolio.as_of
    )
    ContractMonth.objects.filter(corporation=portfolio.corporation).update(
        municipality="", neighbourhood="", complex_code="", unit_kind=""
    )
    MonthTotal.objects.filter(corporation=portfolio.corporation).delete()

    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_DIMENSIONS)
        cursor.execute(migration.FILL_TOTALS)

    again = report_compute(
        corporation=portfolio.corporation, name="arrears", by="neighbourhood", as_of=portfolio.as_of
    )
    assert again.rows == expected.rows
    total = MonthTotal.objects.get(corporation=portfolio.corporation)
    assert total.overdue_amount == expected.totals["overdue_amount"]
