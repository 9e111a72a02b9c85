"""`sql.update_rows`: many rows' fields written in one statement per batch, on PostgreSQL and SQLite alike."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from tests.factories import ContractFactory, CorporationFactory
from vangnet.core import sql
from vangnet.ledger.models import Contract

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_values_including_null(django_assert_num_queries):
    corporation = CorporationFactory()
    contracts = ContractFactory.create_batch(3, corporation=corporation, end_date=dt.date(2030, 1, 1))
    first, second, third = contracts
    first.end_date, first.monthly_rent, first.payment_reference = None, Decimal("701.25"), "111"
    second.end_date, second.monthly_rent, second.payment_reference = dt.date(2026, 6, 30), Decimal("0.00"), ""
    third.payment_reference = "333"  # the other fields as they were

    with django_assert_num_queries(2):  # batches of two: two statements
        written = sql.update_rows(contracts, ["end_date", "monthly_rent", "payment_reference"], batch_size=2)

    assert written == 3
    with scopes_disabled():
        stored = {
            c.pk: (c.end_date, c.monthly_rent, c.payment_reference)
            for c in Contract.objects.filter(pk__in=[c.pk for c in contracts])
        }
    assert stored == {
        first.pk: (None, Decimal("701.25"), "111"),
        second.pk: (dt.date(2026, 6, 30), Decimal("0.00"), ""),
        third.pk: (dt.date(2030, 1, 1), Decimal("650.00"), "333"),
    }


def test_nothing_to_write_runs_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert sql.update_rows([], ["end_date"]) == 0
