"""`vangnet check_integrity`: the references without a database constraint, verified set-based. An entry
planted by raw SQL on a contract that does not exist, and one on another corporation's contract, are found
(exit code 1, the JSON on the last line names the table and the ids); a sound database passes (exit 0)."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django_scopes import scopes_disabled

from tests.factories import ContractFactory, CorporationFactory, LedgerEntryFactory
from vangnet.core import sql
from vangnet.daily.tasks import check_integrity_task
from vangnet.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

ENTRIES = sql.table(LedgerEntry)
COLUMNS = (
    "corporation_id, source_id, kind, category, booking_date, due_date, amount, payment_reference, "
    "reversal_reason, description"
)


def _check() -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("check_integrity", "--json", stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


def _plant(entry: LedgerEntry, *, source_id: str, contract_id: int) -> int:
    """A copy of the entry on the given contract, written past the ORM as a faulty bulk load would."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ENTRIES} (contract_id, {COLUMNS}) SELECT %s, {COLUMNS.replace('source_id', '%s')} "
            f"FROM {ENTRIES} WHERE id = %s",
            [contract_id, source_id, entry.pk],
        )
        cursor.execute(f"SELECT id FROM {ENTRIES} WHERE source_id = %s", [source_id])
        return int(cursor.fetchone()[0])


@pytest.fixture
def entries():
    with scopes_disabled():
        woonstad, thuisbest = CorporationFactory(slug="woonstad"), CorporationFactory(slug="thuisbest")
        ours = LedgerEntryFactory(contract=ContractFactory(corporation=woonstad))
        theirs = ContractFactory(corporation=thuisbest)
        LedgerEntryFactory(contract=theirs)
    return ours, theirs


def test_a_sound_database_passes(entries):
    code, result = _check()

    assert code == 0
    assert result["problems"] == 0
    assert result["findings"] == []
    # The ledger's contract, corporation, link and run, and the other unenforced keys, are all checked.
    assert result["references"] >= 4


def test_an_orphan_entry_and_one_on_another_corporations_contract_are_found(entries):
    ours, theirs = entries
    missing_contract = theirs.pk + 1000
    orphan = _plant(ours, source_id="PLANTED-1", contract_id=missing_contract)
    foreign = _plant(ours, source_id="PLANTED-2", contract_id=theirs.pk)

    code, result = _check()

    assert code == 1
    assert result["problems"] == 2
    assert result["findings"] == [
        {
            "reference": f"{ENTRIES}.contract_id",
            "target": sql.table("ledger.Contract"),
            "orphans": 1,
            "other_corporation": 1,
            "sample_ids": [orphan, foreign],
        }
    ]
    # The weekly task finds the same.
    assert check_integrity_task()["findings"] == result["findings"]
