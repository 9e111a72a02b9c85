"""Dynamic reports: the catalogue refuses what it does not declare, and the figures match a hand count."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from tests.factories import MembershipFactory
from tests.reports.conftest import build_portfolio
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Role
from vangnet.reports.catalogue import CATALOGUE
from vangnet.reports.dynamic import spec_from_data
from vangnet.reports.selectors import dynamic_report
from vangnet.tasks.models import Task, TaskKind, TaskSource


def _by_label(result):
    return {row["label"]: row for row in result.rows}


def _report(portfolio, **data):
    return dynamic_report(corporation=portfolio.corporation, data=data, as_of=portfolio.as_of)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"subject": "salaries", "measures": ["count"]},
            "Onbekend onderwerp 'salaries'. Kies uit: Contracten (maandstand), Dossiers",
        ),
        (
            {"subject": "contracts", "dimensions": ["iban"], "measures": ["count"]},
            "Het onderwerp Contracten (maandstand) heeft geen veld 'iban'.",
        ),
        (
            {"subject": "contracts", "dimensions": ["neighbourhood"], "measures": ["sum:debit_iban"]},
            "heeft geen maat 'sum:debit_iban'. Kies uit: Aantal, Aandeel van het totaal, Saldo (som)",
        ),
        ({"subject": "tasks", "measures": ["sum:amount"]}, "heeft geen maat 'sum:amount'"),
        ({"subject": "contracts", "measures": []}, "Kies minstens één maat"),
        (
            {
                "subject": "contracts",
                "dimensions": ["neighbourhood", "segment", "flow"],
                "measures": ["count"],
            },
            "Kies hoogstens twee indelingen.",
        ),
        (
            {"subject": "contracts", "dimensions": ["neighbourhood", "neighbourhood"], "measures": ["count"]},
            "Kies twee verschillende indelingen.",
        ),
        (
            {
                "subject": "contracts",
                "measures": ["count"],
                "filters": [{"field": "unit_kind", "values": ["castle"]}],
            },
            "'castle' is geen waarde van Soort eenheid. Kies uit: Woning, Parkeerplaats",
        ),
        (
            {
                "subject": "contracts",
                "measures": ["count"],
                "filters": [{"field": "month", "values": ["2026-01"]}],
            },
            "heeft geen veld 'month'",
        ),
        (
            {
                "subject": "payments",
                "measures": ["count"],
                "filters": [{"field": "amount; DROP TABLE", "values": ["1"]}],
            },
            "heeft geen veld 'amount; DROP TABLE'",
        ),
        (
            {"subject": "payments", "measures": ["count"], "date_from": "3-12-2026"},
            "'3-12-2026' is geen datum",
        ),
        (
            {
                "subject": "payments",
                "measures": ["count"],
                "date_from": "2026-12-03",
                "date_to": "2026-01-01",
            },
            "De begindatum ligt na de einddatum.",
        ),
        ("SELECT * FROM ledger_ledgerentry", "Een rapport wordt beschreven met velden en waarden."),
        (
            {"subject": "contracts", "measures": ["count"], "my_teams": True},
            "Het onderwerp Contracten (maandstand) is niet per team in te delen",
        ),
        (
            {
                "subject": "contracts",
                "measures": ["count"],
                "filters": [{"field": "neighbourhood", "values": ["Lombok"]}] * 6,
            },
            "Kies hoogstens 5 filters.",
        ),
    ],
)
def test_the_catalogue_refuses_what_it_does_not_declare(data, message):
    with pytest.raises(ApplicationError, match=re.escape(message)):
        spec_from_data(data)


def test_every_subject_declares_its_fields_and_numbers_and_computes(portfolio, django_assert_num_queries):
    for subject in CATALOGUE.values():
        dimensions = [f.key for f in subject.fields[:2]]
        measures = [
            "count",
            "share",
            *[f"{kind}:{n.key}" for n in subject.numbers for kind in ("sum", "avg")],
        ]
        with django_assert_num_queries(1):
            result = _report(portfolio, subject=subject.key, dimensions=dimensions, measures=measures)
        assert [c.key for c in result.columns][:2] == ["count", "share"]


def test_contracts_by_wijk_count_sum_average_and_share_as_counted_by_hand(
    portfolio, django_assert_num_queries
):
    with django_assert_num_queries(1):
        result = _report(
            portfolio,
            subject="contracts",
            dimensions=["neighbourhood"],
            measures=["count", "sum:balance", "avg:overdue_amount", "share"],
        )
    rows = _by_label(result)
    # Lombok: late (1000 overdue), paid (0), departed (400); Oog in Al: partly (250) and the parking (80 not due).
    assert rows["Lombok"] == {
        "key": "Lombok",
        "label": "Lombok",
        "count": 3,
        "sum_balance": Decimal("1400.00"),
        "avg_overdue_amount": Decimal("466.67"),
        "share": Decimal("60.00"),
    }
    assert rows["Oog in Al"]["sum_balance"] == Decimal("330.00")
    assert rows["Oog in Al"]["avg_overdue_amount"] == Decimal("125.00")
    assert result.totals == {
        "count": 5,
        "sum_balance": Decimal("1730.00"),
        "avg_overdue_amount": Decimal("330.00"),
        "share": Decimal("100.00"),
    }


def test_two_dimensions_and_a_filter(portfolio):
    result = _report(
        portfolio,
        subject="contracts",
        dimensions=["neighbourhood", "tenant_status"],
        measures=["count", "sum:overdue_amount"],
    )
    assert [(row["label"], row["count"], row["sum_overdue_amount"]) for row in result.rows] == [
        ("Lombok · Vertrokken", 1, Decimal("400.00")),
        ("Lombok · Zittend", 2, Decimal("1000.00")),
        ("Oog in Al · Zittend", 2, Decimal("250.00")),
    ]
    current = _report(
        portfolio,
        subject="contracts",
        measures=["count", "sum:balance"],
        filters=[{"field": "tenant_status", "values": ["0"]}, {"field": "unit_kind", "values": ["dwelling"]}],
    )
    assert current.totals == {"count": 3, "sum_balance": Decimal("1250.00")}


def test_payments_are_received_amounts_within_the_period(portfolio):
    result = _report(
        portfolio,
        subject="payments",
        dimensions=["neighbourhood"],
        measures=["count", "sum:amount"],
        # Only the payment of 5 days ago, not the one of 38 days ago.
        date_from=(portfolio.as_of - dt.timedelta(days=10)).isoformat(),
        date_to=portfolio.as_of.isoformat(),
    )
    assert result.totals == {"count": 1, "sum_amount": Decimal("350.00")}
    everything = _report(portfolio, subject="payments", dimensions=["neighbourhood"], measures=["sum:amount"])
    assert {row["label"]: row["sum_amount"] for row in everything.rows} == {
        "Lombok": Decimal("700.00"),
        "Oog in Al": Decimal("350.00"),
    }


def test_a_dynamic_report_never_shows_another_corporations_rows(portfolio):
    other = build_portfolio()
    mine = _report(portfolio, subject="contracts", measures=["count"])
    theirs = dynamic_report(
        corporation=other.corporation, data={"subject": "contracts", "measures": ["count"]}, as_of=other.as_of
    )
    assert mine.totals["count"] == 5
    assert theirs.totals["count"] == 5


def test_only_my_teams_counts_the_rows_of_the_colleagues_team(portfolio, django_assert_num_queries):
    corporation = portfolio.corporation
    lead = MembershipFactory(corporation=corporation, role=Role.MANAGER, department="Klantcontact").user
    loner = MembershipFactory(corporation=corporation, role=Role.MANAGER).user
    for team in ("Klantcontact", "Klantcontact", "Incasso", ""):
        Task.objects.create(
            corporation=corporation,
            kind=TaskKind.CALL,
            title="Bellen",
            due_on=portfolio.as_of,
            team=team,
            source=TaskSource.STAFF,
        )
    data = {"subject": "tasks", "dimensions": ["team"], "measures": ["count"], "my_teams": True}
    # The colleague's teams and the report: two queries.
    with django_assert_num_queries(2):
        mine = dynamic_report(corporation=corporation, data=data, as_of=portfolio.as_of, user=lead)
    assert [(row["label"], row["count"]) for row in mine.rows] == [("Klantcontact", 2)]
    everyone = dynamic_report(
        corporation=corporation, data={**data, "my_teams": False}, as_of=portfolio.as_of, user=lead
    )
    assert everyone.totals == {"count": 4}
    with pytest.raises(ApplicationError, match="U hoort nog bij geen team"):
        dynamic_report(corporation=corporation, data=data, as_of=portfolio.as_of, user=loner)
