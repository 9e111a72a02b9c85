"""Empty lines and malformed lines in a CSV delivery behave the same on PostgreSQL (COPY) and SQLite.

The suite runs on both databases (scripts/test), so each test here proves the same outcome on each.
"""

import pytest

from vangnet.core.models import Corporation
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import LedgerEntry
from vangnet.ledger.services.imports import import_erp_data

from .erp_files import LEDGER, write_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def corporation():
    return Corporation.objects.create(slug="ymere", name="Ymere")


def ingest(corporation, directory):
    return import_erp_data(
        corporation=corporation, source=CsvSetSource([directory]), mode="delta", actor="test"
    )


def insert_line(path, after_line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(after_line, text)
    path.write_text("".join(lines), encoding="utf-8")


def test_empty_lines_are_skipped(corporation, tmp_path):
    directory = write_delivery(tmp_path)
    insert_line(directory / "ledger_entries.csv", 3, "\r\n")
    insert_line(directory / "ledger_entries.csv", 6, "\n")

    run = ingest(corporation, directory)

    assert run.status == "applied", run.errors
    assert LedgerEntry.objects.count() == len(LEDGER)


def test_an_error_after_an_empty_line_names_the_line_a_person_sees(corporation, tmp_path):
    bad = [
        *LEDGER,
        {
            "entry_id": "B9",
            "contract_id": "H1",
            "kind": "invoice",
            "booking_date": "2026-02-30",
            "amount": "12.50",
        },
    ]
    directory = write_delivery(tmp_path, ledger_entries=bad)
    insert_line(directory / "ledger_entries.csv", 2, "\n")

    run = ingest(corporation, directory)

    assert run.status == "rejected"
    # The header is line 1, the empty line 3 is skipped: B9 is the eleventh line of the file.
    assert [(e["file"], e["row"], e["field"]) for e in run.errors] == [
        ("ledger_entries.csv", 11, "booking_date")
    ]
    assert LedgerEntry.objects.count() == 0


def test_a_line_with_too_many_fields_is_named_without_database_details(corporation, tmp_path):
    directory = write_delivery(tmp_path)
    path = directory / "ledger_entries.csv"
    width = len(path.read_text(encoding="utf-8").splitlines()[0].split(","))
    insert_line(path, 4, ",".join(["X"] * (width + 2)) + "\n")

    run = ingest(corporation, directory)

    assert run.status == "rejected"
    [error] = run.errors
    assert error["file"] == "ledger_entries.csv"
    assert error["reason_nl"] == f"regel 5: {width + 2} velden, verwacht {width}"
    assert error["reason_en"] == f"line 5: {width + 2} fields, expected {width}"
    assert LedgerEntry.objects.count() == 0
