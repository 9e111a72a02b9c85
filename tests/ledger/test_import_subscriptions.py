"""service_subscriptions.csv (issue 18): the subscriptions the ERP already knows, imported like every entity:
checked whole (a bad row rejects the delivery, nothing applied), upserted by contract, plan and start date,
never closed by a snapshot."""

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from vangnet.contracts.models import ServiceSubscription
from vangnet.contracts.services.subscription import subscription_change
from vangnet.core.models import Corporation
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import Contract
from vangnet.ledger.services.imports import import_erp_data
from vangnet.tenants.circumstances import circumstance_kinds_install_defaults
from vangnet.tenants.models import Tenant

from .erp_files import write_csv, write_delivery

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "csv"
SUBSCRIPTIONS = [
    {
        "contract_id": "H1",
        "plan": "basis",
        "monthly_price": "4.50",
        "start_date": "2024-01-01",
        "end_date": "2025-06-30",
    },
    {
        "contract_id": "H1",
        "plan": "plus",
        "monthly_price": "7.95",
        "start_date": "2025-07-01",
        "end_date": "",
    },
    {
        "contract_id": "H2",
        "plan": "basis",
        "monthly_price": "4.50",
        "start_date": "2023-03-01",
        "end_date": "",
    },
]


@pytest.fixture
def corporation():
    return Corporation.objects.create(slug="ymere", name="Ymere")


def ingest(corporation, directory, mode="delta"):
    return import_erp_data(corporation=corporation, source=CsvSetSource([directory]), mode=mode, actor="test")


def rows():
    return sorted(
        ServiceSubscription.objects.values_list(
            "contract__source_id",
            "plan",
            "plan_name",
            "monthly_price",
            "start_date",
            "end_date",
            "tenant__source_id",
        )
    )


def errors(run):
    return [(e["row"], e["field"], e["value"], e["reason_nl"]) for e in run.errors]


def test_the_subscriptions_the_erp_knows_are_imported_once(corporation, tmp_path):
    run = ingest(corporation, write_delivery(tmp_path, service_subscriptions=SUBSCRIPTIONS))

    assert run.status == "applied", run.errors
    assert run.counts["service_subscriptions"] == {"created": 3, "updated": 0, "unchanged": 0, "closed": 0}
    # Under the contract's main tenant (H1: Jansen, not the co-tenant), with the plan's name of the settings.
    assert rows() == [
        ("H1", "basis", "Basis", Decimal("4.50"), dt.date(2024, 1, 1), dt.date(2025, 6, 30), "R1"),
        ("H1", "plus", "Plus", Decimal("7.95"), dt.date(2025, 7, 1), None, "R1"),
        ("H2", "basis", "Basis", Decimal("4.50"), dt.date(2023, 3, 1), None, "R3"),
    ]

    again = ingest(corporation, write_delivery(tmp_path, service_subscriptions=SUBSCRIPTIONS))

    assert again.counts["service_subscriptions"] == {"created": 0, "updated": 0, "unchanged": 3, "closed": 0}
    assert ServiceSubscription.objects.count() == 3


def test_a_new_price_or_end_date_updates_and_a_snapshot_closes_none(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path, service_subscriptions=SUBSCRIPTIONS))
    changed = [
        {**SUBSCRIPTIONS[1], "monthly_price": "8.25", "end_date": "2026-12-31"},
        {
            "contract_id": "H1",
            "plan": "basis",
            "monthly_price": "4.75",
            "start_date": "2027-01-01",
            "end_date": "",
        },
    ]

    run = ingest(corporation, write_delivery(tmp_path, service_subscriptions=changed), mode="snapshot")

    assert run.status == "applied", run.errors
    assert run.counts["service_subscriptions"] == {"created": 1, "updated": 1, "unchanged": 0, "closed": 0}
    assert [r[:6] for r in rows()] == [
        ("H1", "basis", "Basis", Decimal("4.50"), dt.date(2024, 1, 1), dt.date(2025, 6, 30)),
        ("H1", "basis", "Basis", Decimal("4.75"), dt.date(2027, 1, 1), None),
        ("H1", "plus", "Plus", Decimal("8.25"), dt.date(2025, 7, 1), dt.date(2026, 12, 31)),
        ("H2", "basis", "Basis", Decimal("4.50"), dt.date(2023, 3, 1), None),
    ]


def test_a_bad_file_is_rejected_with_every_row_named_and_nothing_applied(corporation, tmp_path):
    bad = [
        {
            "contract_id": "H9",
            "plan": "basis",
            "monthly_price": "4.50",
            "start_date": "2024-01-01",
            "end_date": "",
        },
        {
            "contract_id": "H1",
            "plan": "goud",
            "monthly_price": "4,50",
            "start_date": "2024-13-01",
            "end_date": "",
        },
        {
            "contract_id": "H2",
            "plan": "plus",
            "monthly_price": "-1",
            "start_date": "2024-05-01",
            "end_date": "2024-04-30",
        },
    ]

    run = ingest(corporation, write_delivery(tmp_path, service_subscriptions=bad))

    assert run.status == "rejected"
    subscription_errors = [
        (row, field, value, reason)
        for file, (row, field, value, reason) in zip(
            [e["file"] for e in run.errors], errors(run), strict=True
        )
        if file == "service_subscriptions.csv"
    ]
    assert subscription_errors == [
        (2, "contract_id", "H9", "verwijst naar een onbekend nummer"),
        (
            3,
            "monthly_price",
            "4,50",
            "geen geldig bedrag (bijvoorbeeld 812.50, punt als decimaalteken), niet negatief",
        ),
        (3, "plan", "goud", "onbekend serviceabonnement (zie het zaaktype Serviceabonnement)"),
        (3, "start_date", "2024-13-01", "geen geldige datum (JJJJ-MM-DD)"),
        (4, "end_date", "2024-04-30", "einddatum ligt voor de begindatum"),
        (
            4,
            "monthly_price",
            "-1",
            "geen geldig bedrag (bijvoorbeeld 812.50, punt als decimaalteken), niet negatief",
        ),
    ]
    # Nothing of the delivery was applied, not even its valid tenants and contracts.
    assert not ServiceSubscription.objects.exists()
    assert not Contract.objects.exists()


def test_one_running_subscription_per_contract(corporation, tmp_path):
    two_running = [SUBSCRIPTIONS[1], {**SUBSCRIPTIONS[1], "plan": "basis", "start_date": "2025-08-01"}]

    run = ingest(corporation, write_delivery(tmp_path, service_subscriptions=two_running))

    assert errors(run) == [
        (3, "end_date", "", "dit contract heeft in het bestand al een lopend abonnement (zonder einddatum)")
    ]


def test_a_running_one_taken_in_the_portal_must_be_ended_by_the_delivery(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path))
    contract = Contract.objects.get(source_id="H2")
    taken = subscription_change(
        contract=contract,
        tenant=Tenant.objects.get(source_id="R3"),
        plan="plus",
        as_of=dt.date(2026, 3, 10),
        actor="test",
    )
    assert taken is not None
    directory = tmp_path / "subscriptions"
    directory.mkdir()
    write_csv(directory / "service_subscriptions.csv", [SUBSCRIPTIONS[2]])

    run = ingest(corporation, directory)

    assert errors(run) == [
        (
            2,
            "end_date",
            "",
            "dit contract heeft al een lopend abonnement (plus, vanaf 2026-04-01); stuur daarvan de einddatum",
        )
    ]
    ended = {"contract_id": "H2", "plan": "plus", "monthly_price": "7.95", "start_date": "2026-04-01"}
    write_csv(
        directory / "service_subscriptions.csv",
        [{**SUBSCRIPTIONS[2], "end_date": ""}, {**ended, "end_date": "2026-04-30"}],
    )

    run = ingest(corporation, directory)

    assert run.status == "applied", run.errors
    assert run.counts["service_subscriptions"] == {"created": 1, "updated": 1, "unchanged": 0, "closed": 0}
    taken.refresh_from_db()
    assert (taken.end_date, taken.tenant.source_id) == (dt.date(2026, 4, 30), "R3")


def test_a_contract_without_a_tenant_is_named(corporation, tmp_path):
    directory = write_delivery(tmp_path, service_subscriptions=[SUBSCRIPTIONS[2]])
    (directory / "contract_tenants.csv").unlink()

    run = ingest(corporation, directory)

    assert errors(run) == [
        (2, "contract_id", "H2", "op dit contract staat geen huurder; stuur contract_tenants.csv mee")
    ]


def test_the_documented_example_imports(corporation, tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "csv")
    circumstance_kinds_install_defaults(corporation=corporation)

    run = ingest(corporation, tmp_path / "csv")

    assert run.status == "applied", run.errors
    assert sorted(ServiceSubscription.objects.values_list("contract__source_id", "plan", "end_date")) == [
        ("HO-1", "basis", dt.date(2025, 6, 30)),
        ("HO-1", "plus", None),
        ("HO-2", "basis", None),
    ]
