from datetime import date
from decimal import Decimal

import pytest

from vangnet.core.models import Corporation
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import Contract, ContractStanding, ImportRun, LedgerEntry
from vangnet.ledger.services.imports import import_erp_data
from vangnet.ledger.services.standing import refresh_standings
from vangnet.tenants.models import Tenant

from .erp_files import LEDGER, TENANTS, write_csv, write_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def corporation():
    return Corporation.objects.create(slug="ymere", name="Ymere")


def ingest(corporation, directory, mode="delta"):
    return import_erp_data(corporation=corporation, source=CsvSetSource([directory]), mode=mode, actor="test")


def snapshot_of_database():
    return {
        "tenants": list(Tenant.objects.values().order_by("id")),
        "contracts": list(Contract.objects.values().order_by("id")),
        "entries": list(LedgerEntry.objects.values().order_by("id")),
    }


def test_a_delivery_creates_everything_with_signed_amounts(corporation, tmp_path):
    run = ingest(corporation, write_delivery(tmp_path))
    assert run.status == "applied", run.errors
    assert run.counts["tenants"] == {"created": 3, "updated": 0, "unchanged": 0, "closed": 0}
    assert run.counts["ledger_entries"]["created"] == 8
    h1 = Contract.objects.get(source_id="H1")
    assert h1.tenants.count() == 2
    assert LedgerEntry.objects.get(source_id="B2").amount == Decimal("-750.00")
    assert LedgerEntry.objects.get(source_id="B5").linked_entry.source_id == "B4"
    assert Tenant.objects.get(source_id="R1").no_voice_calls is True
    standing = ContractStanding.objects.get(contract=h1)
    # September paid; October's payment reversed; November open.
    assert standing.balance == Decimal("1500.00")


def test_importing_the_same_delivery_twice_changes_nothing(corporation, tmp_path):
    directory = write_delivery(tmp_path)
    ingest(corporation, directory)
    before = snapshot_of_database()
    run = ingest(corporation, directory)
    assert run.status == "applied"
    for entity, counts in run.counts.items():
        assert counts["created"] == 0 and counts["updated"] == 0, entity
    after = snapshot_of_database()
    for rows in (before["tenants"], after["tenants"]):
        for row in rows:
            row.pop("updated_at")
    assert before == after


def test_a_changed_tenant_is_updated(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"))
    changed = [dict(TENANTS[0], email="nieuw@example.nl"), *TENANTS[1:]]
    run = ingest(corporation, write_delivery(tmp_path / "b", tenants=changed))
    assert run.counts["tenants"] == {"created": 0, "updated": 1, "unchanged": 2, "closed": 0}
    assert Tenant.objects.get(source_id="R1").email == "nieuw@example.nl"


def test_one_bad_row_rejects_the_whole_delivery_and_changes_nothing(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"))
    before = snapshot_of_database()
    bad_ledger = [
        *LEDGER,
        {
            "entry_id": "B9",
            "contract_id": "H1",
            "kind": "invoice",
            "booking_date": "2026-02-30",
            "amount": "12,50",
        },
    ]
    new_tenant = {"tenant_id": "R9", "kind": "person", "last_name": "Nieuw"}
    run = ingest(
        corporation, write_delivery(tmp_path / "b", ledger_entries=bad_ledger, tenants=[*TENANTS, new_tenant])
    )
    assert run.status == "rejected"
    problems = {(e["file"], e["row"], e["field"]) for e in run.errors}
    assert problems == {("ledger_entries.csv", 10, "booking_date"), ("ledger_entries.csv", 10, "amount")}
    assert all(e["reason_nl"] and e["reason_en"] for e in run.errors)
    assert snapshot_of_database() == before
    assert ImportRun.objects.filter(status="rejected").count() == 1


@pytest.mark.parametrize(
    ("rows", "field", "reason"),
    [
        (
            [
                {
                    "entry_id": "X",
                    "contract_id": "NOPE",
                    "kind": "invoice",
                    "booking_date": "2026-01-01",
                    "amount": "1.00",
                }
            ],
            "contract_id",
            "unknown id",
        ),
        (
            [
                {
                    "entry_id": "X",
                    "contract_id": "H1",
                    "kind": "gift",
                    "booking_date": "2026-01-01",
                    "amount": "1.00",
                }
            ],
            "kind",
            "unknown value",
        ),
        (
            [
                {
                    "entry_id": "X",
                    "contract_id": "H1",
                    "kind": "payment",
                    "booking_date": "2026-01-01",
                    "amount": "-5.00",
                }
            ],
            "amount",
            "above 0",
        ),
        (
            [
                {
                    "entry_id": "B1",
                    "contract_id": "H1",
                    "kind": "invoice",
                    "booking_date": "2026-01-01",
                    "amount": "1.00",
                },
                {
                    "entry_id": "B1",
                    "contract_id": "H1",
                    "kind": "invoice",
                    "booking_date": "2026-01-01",
                    "amount": "1.00",
                },
            ],
            "entry_id",
            "more than once",
        ),
    ],
)
def test_each_kind_of_bad_value_is_named(corporation, tmp_path, rows, field, reason):
    run = ingest(corporation, write_delivery(tmp_path, ledger_entries=rows))
    assert run.status == "rejected"
    assert any(e["field"] == field and reason in e["reason_en"] for e in run.errors), run.errors


def test_a_changed_ledger_entry_is_refused_because_entries_are_immutable(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"))
    changed = [dict(LEDGER[0], amount="999.00"), *LEDGER[1:]]
    run = ingest(corporation, write_delivery(tmp_path / "b", ledger_entries=changed))
    assert run.status == "rejected"
    assert run.errors[0]["field"] == "entry_id" and "immutable" in run.errors[0]["reason_en"]


def test_a_bad_iban_is_an_error_and_a_bad_payment_reference_a_warning(corporation, tmp_path):
    from .erp_files import CONTRACTS

    contracts = [dict(CONTRACTS[0], debit_iban="NL00ABNA0417164300"), CONTRACTS[1]]
    run = ingest(corporation, write_delivery(tmp_path / "a", contracts=contracts))
    assert [e["field"] for e in run.errors] == ["debit_iban"]
    run = ingest(corporation, write_delivery(tmp_path / "b"))
    assert run.status == "applied"
    assert [w["value"] for w in run.warnings] == ["1234567890123456"]


def test_snapshot_closes_what_the_source_no_longer_lists_and_settles_vanished_invoices(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"))
    without_november = [row for row in LEDGER if row["entry_id"] != "B6"]
    run = ingest(
        corporation, write_delivery(tmp_path / "b", ledger_entries=without_november), mode="snapshot"
    )
    assert run.status == "applied", run.errors
    assert run.counts["ledger_entries"]["closed"] == 1
    assert run.counts["ledger_entries"]["settled"] == 1
    vanished = LedgerEntry.objects.get(source_id="B6")
    assert vanished.removed_from_source_at is not None
    settlement = LedgerEntry.objects.get(linked_entry=vanished)
    assert settlement.kind == "correction" and settlement.amount == Decimal("-750.00")
    # History is kept: nothing was deleted.
    assert LedgerEntry.objects.count() == len(LEDGER) + 1


def test_two_corporations_keep_their_own_rows_under_the_same_source_ids(corporation, tmp_path):
    other = Corporation.objects.create(slug="other", name="Other")
    directory = write_delivery(tmp_path)
    ingest(corporation, directory)
    run = ingest(other, directory)
    assert run.counts["tenants"]["created"] == 3
    assert Tenant.objects.filter(corporation=other).count() == 3
    assert Tenant.objects.filter(corporation=corporation).count() == 3


def test_standing_reports_overdue_and_behaviour(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path))
    refresh_standings(corporation=corporation, as_of=date(2026, 11, 25))
    standing = ContractStanding.objects.get(contract__source_id="H1")
    assert standing.overdue_amount == Decimal("1500.00")
    assert standing.oldest_overdue_date == date(2026, 10, 1)
    assert standing.reversals_in_window == 1
    h2 = ContractStanding.objects.get(contract__source_id="H2")
    assert h2.balance == 0 and h2.overdue_amount == 0
    assert h2.max_days_late == 9


def test_a_new_entry_may_link_to_one_imported_earlier(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"))
    reversal = {
        "entry_id": "B20",
        "contract_id": "H2",
        "kind": "reversal",
        "booking_date": "2026-11-12",
        "amount": "1200.00",
        "linked_entry_id": "B8",
        "reversal_reason": "MD06",
    }
    run = ingest(corporation, write_delivery(tmp_path / "b", ledger_entries=[*LEDGER, reversal]))
    assert run.status == "applied", run.errors
    assert run.counts["ledger_entries"]["created"] == 1
    assert LedgerEntry.objects.get(source_id="B20").linked_entry == LedgerEntry.objects.get(source_id="B8")
    assert ContractStanding.objects.get(contract__source_id="H2").balance == Decimal("1200.00")


def test_a_delta_without_a_column_leaves_that_column_alone(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"))
    only_rent = [
        {
            "contract_id": "H1",
            "unit_id": "E1",
            "start_date": "2020-01-01",
            "monthly_rent": "725.00",
            "payment_method": "direct_debit",
            "debit_iban": "NL91ABNA0417164300",
        },
    ]
    (tmp_path / "b").mkdir()
    write_csv(tmp_path / "b" / "contracts.csv", only_rent)
    run = ingest(corporation, tmp_path / "b")
    assert run.status == "applied", run.errors
    contract = Contract.objects.get(source_id="H1")
    assert contract.monthly_rent == Decimal("725.00")
    assert contract.monthly_service_costs == Decimal("50.00")
    assert contract.payment_reference == "5000056789012345"


def test_standings_can_be_refreshed_for_some_contracts_only(corporation, tmp_path):
    from vangnet.ledger.services.standing import refresh_standings

    ingest(corporation, write_delivery(tmp_path))
    h1 = Contract.objects.get(source_id="H1")
    h2 = Contract.objects.get(source_id="H2")
    ContractStanding.objects.filter(contract=h2).update(balance=Decimal("999.00"))
    LedgerEntry.objects.create(
        corporation=corporation,
        contract=h1,
        source_id="B50",
        kind="payment",
        booking_date=date(2026, 11, 20),
        due_date=date(2026, 11, 20),
        amount=Decimal("-750.00"),
    )
    refresh_standings(corporation=corporation, as_of=date(2026, 11, 25), contract_ids=[h1.pk])
    assert ContractStanding.objects.get(contract=h1).balance == Decimal("750.00")
    assert ContractStanding.objects.get(contract=h2).balance == Decimal("999.00")
    assert refresh_standings(corporation=corporation, as_of=date(2026, 11, 25), contract_ids=[]) == 0


def test_a_delta_refreshes_only_the_contracts_it_touched(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"))
    ContractStanding.objects.filter(contract__source_id="H2").update(balance=Decimal("999.00"))
    payment = {
        "entry_id": "B30",
        "contract_id": "H1",
        "kind": "payment",
        "booking_date": "2026-11-20",
        "amount": "750.00",
    }
    (tmp_path / "b").mkdir()
    write_csv(tmp_path / "b" / "ledger_entries.csv", [payment])
    run = ingest(corporation, tmp_path / "b")
    assert run.status == "applied", run.errors
    assert ContractStanding.objects.get(contract__source_id="H1").balance == Decimal("750.00")
    assert ContractStanding.objects.get(contract__source_id="H2").balance == Decimal("999.00")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("last_name", "Jansen\r\nBcc: iedereen@example.org"),
        ("street", "Dorpsstraat\n=1+1"),
        ("email", "jan@example.nl\nBcc: x@example.org"),
        ("city", "Utrecht\x1b"),
    ],
)
def test_a_line_break_or_control_character_in_a_name_address_or_email_is_refused(
    corporation, tmp_path, field, value
):
    tenants = [dict(TENANTS[0], **{field: value}), *TENANTS[1:]]
    run = ingest(corporation, write_delivery(tmp_path, tenants=tenants))
    assert run.status == "rejected"
    named = [e for e in run.errors if e["field"] == field]
    assert named[0]["reason_nl"] == "bevat een regeleinde of ander stuurteken"
    assert not Tenant.objects.exists()


FULL_WIDTH_TWELVE = "\uff11\uff12"


def test_amounts_are_checked_to_ten_digits_before_the_point_and_two_after(corporation, tmp_path):
    amounts = {
        "A1": "1234567890.12",  # the longest valid amount
        "A2": "12345678901",  # eleven digits before the point
        "A3": "12345678901.5",
        "A4": "812.5",
        "A5": "812.505",  # three after the point
        "A6": "0812.50",
        "A7": "8 12.50",
        "A8": FULL_WIDTH_TWELVE + ".50",  # full-width digits are not digits here
        "A9": "9999999999",
    }
    ledger = [
        *LEDGER,
        *(
            {
                "entry_id": entry_id,
                "contract_id": "H1",
                "kind": "invoice",
                "booking_date": "2026-01-01",
                "amount": amount,
            }
            for entry_id, amount in amounts.items()
        ),
    ]
    run = ingest(corporation, write_delivery(tmp_path, ledger_entries=ledger))

    assert run.status == "rejected"
    wrong = {e["value"] for e in run.errors if e["field"] == "amount"}
    assert wrong == {"12345678901", "12345678901.5", "812.505", "8 12.50", FULL_WIDTH_TWELVE + ".50"}
