"""The arrears and ageing reports on a known portfolio: the figures a controller checks by hand."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from tests.reports.conftest import build_portfolio
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import LedgerEntry
from vangnet.reports.selectors import group_contracts, report_compute


def _by_label(result):
    return {row["label"]: row for row in result.rows}


def test_arrears_by_wijk_splits_current_and_departed_tenants_against_the_annual_rent(portfolio):
    result = report_compute(
        corporation=portfolio.corporation, name="arrears", by="neighbourhood", as_of=portfolio.as_of
    )

    lombok = _by_label(result)["Lombok"]
    assert lombok["overdue_current"] == Decimal("1000.00")
    assert lombok["overdue_departed"] == Decimal("400.00")
    assert lombok["contracts"] == 2
    # Current tenants in Lombok rent 500 + 700 a month: 14,400.00 a year.
    assert lombok["annual_rent"] == Decimal("14400.00")
    assert lombok["share_current"] == Decimal("6.94")
    assert lombok["share_departed"] == Decimal("2.78")
    oog_in_al = _by_label(result)["Oog in Al"]
    assert oog_in_al["overdue_amount"] == Decimal("250.00")
    assert oog_in_al["balance"] == Decimal("330.00")


def test_the_groups_add_up_to_the_total_and_the_total_balance_is_the_ledger(portfolio):
    ledger = LedgerEntry.objects.filter(corporation=portfolio.corporation).aggregate(total=Sum("amount"))[
        "total"
    ]
    for by in ("municipality", "neighbourhood", "complex", "unit_kind", "segment", "flow", "tenant_status"):
        result = report_compute(
            corporation=portfolio.corporation, name="arrears", by=by, as_of=portfolio.as_of
        )
        for key in (
            "balance",
            "overdue_amount",
            "overdue_current",
            "overdue_departed",
            "annual_rent",
            "contracts",
        ):
            assert sum(row[key] for row in result.rows) == result.totals[key], (by, key)
        assert result.totals["balance"] == ledger
        assert result.totals["overdue_amount"] == Decimal("1650.00")


def test_ageing_puts_each_open_item_in_the_bucket_of_its_own_age(portfolio):
    result = report_compute(
        corporation=portfolio.corporation, name="ageing", by="total", as_of=portfolio.as_of
    )

    totals = result.totals
    assert totals["overdue_1_30"] == Decimal("250.00")
    assert totals["overdue_31_60"] == Decimal("500.00")
    assert totals["overdue_61_90"] == Decimal("0.00")
    assert totals["overdue_91_180"] == Decimal("500.00")
    assert totals["overdue_over_180"] == Decimal("400.00")
    buckets = [key for key in totals if key.startswith("overdue_") and key != "overdue_amount"]
    assert sum(totals[key] for key in buckets) == totals["overdue_amount"]


def test_a_wijk_drills_down_to_its_contracts_in_arrears_most_overdue_first(portfolio):
    label, contracts = group_contracts(
        corporation=portfolio.corporation,
        name="arrears",
        by="neighbourhood",
        key="Lombok",
        as_of=portfolio.as_of,
    )

    assert label == "Lombok"
    assert [c.contract for c in contracts] == [
        portfolio.contracts["late"].source_id,
        portfolio.contracts["departed"].source_id,
    ]
    assert contracts[0].tenant_id is not None


def test_an_unknown_dimension_is_refused_with_the_choices(portfolio):
    with pytest.raises(ApplicationError, match="kan niet worden ingedeeld naar 'colour'"):
        report_compute(corporation=portfolio.corporation, name="arrears", by="colour", as_of=portfolio.as_of)


def test_reports_of_one_corporation_never_count_another(portfolio):
    other = build_portfolio()
    mine = report_compute(
        corporation=portfolio.corporation, name="arrears", by="total", as_of=portfolio.as_of
    )
    theirs = report_compute(corporation=other.corporation, name="arrears", by="total", as_of=other.as_of)
    assert mine.totals["overdue_amount"] == theirs.totals["overdue_amount"] == Decimal("1650.00")
