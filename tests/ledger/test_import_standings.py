"""An import recomputes the standings of the contracts whose ledger it changed, not the whole portfolio.

A standing follows from the contract's entries alone, and entries never change, so a contract without new
entries keeps its standing. An import (snapshot or delta) leaves every standing of the day: one computed on
an earlier day is brought to the day (continued where it can be), so the daily run after it has none left.
(A standing set by hand below marks which ones were recomputed; the import never reads it.)
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from vangnet.core import clock
from vangnet.core.models import Corporation
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import ContractStanding
from vangnet.ledger.services.imports import import_erp_data
from vangnet.ledger.services.standing import recompute_standings, standings_bring_up_to_date

from .erp_files import CONTRACTS, LEDGER, write_csv, write_delivery

pytestmark = pytest.mark.django_db

MARKER = Decimal("999.00")


@pytest.fixture
def corporation():
    return Corporation.objects.create(slug="ymere", name="Ymere")


def ingest(corporation, directory, mode):
    run = import_erp_data(corporation=corporation, source=CsvSetSource([directory]), mode=mode, actor="test")
    assert run.status == "applied", run.errors
    return run


def balances() -> dict[str, Decimal]:
    return {s.contract.source_id: s.balance for s in ContractStanding.objects.select_related("contract")}


def payment_on_h1() -> dict[str, str]:
    return {
        "entry_id": "B30",
        "contract_id": "H1",
        "kind": "payment",
        "booking_date": "2026-11-20",
        "amount": "750.00",
    }


def test_a_snapshot_of_the_same_day_recomputes_only_the_contract_with_a_new_entry(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"), "snapshot")
    before = balances()
    ContractStanding.objects.filter(contract__source_id="H2").update(balance=MARKER)

    ingest(corporation, write_delivery(tmp_path / "b", ledger_entries=[*LEDGER, payment_on_h1()]), "snapshot")

    assert balances() == {"H1": before["H1"] - Decimal("750.00"), "H2": MARKER}


def test_a_snapshot_on_a_later_day_recomputes_every_standing(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"), "snapshot")
    before = balances()
    ContractStanding.objects.filter(contract__source_id="H2").update(balance=MARKER)

    with time_machine.travel(clock.now() + dt.timedelta(days=1), tick=False):
        ingest(corporation, write_delivery(tmp_path / "b"), "snapshot")
        assert set(ContractStanding.objects.values_list("as_of", flat=True)) == {clock.today()}

    assert balances() == before


def test_a_delta_with_a_new_contract_gives_it_a_standing_and_leaves_the_others(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a"), "snapshot")
    ContractStanding.objects.filter(contract__source_id="H2").update(balance=MARKER)
    new_contract = dict(CONTRACTS[0], contract_id="H9", payment_reference="", mandate_id="")
    (tmp_path / "b").mkdir()
    write_csv(tmp_path / "b" / "contracts.csv", [new_contract])

    ingest(corporation, tmp_path / "b", "delta")

    assert balances()["H9"] == Decimal("0.00")
    assert balances()["H2"] == MARKER


def test_a_delta_on_a_later_day_brings_every_standing_to_the_day_so_the_daily_run_has_none_left(
    corporation, tmp_path
):
    ingest(corporation, write_delivery(tmp_path / "a"), "snapshot")
    before = balances()
    (tmp_path / "b").mkdir()
    write_csv(tmp_path / "b" / "ledger_entries.csv", [payment_on_h1()])

    with time_machine.travel(clock.now() + dt.timedelta(days=40), tick=False):
        ingest(corporation, tmp_path / "b", "delta")
        assert set(ContractStanding.objects.values_list("as_of", flat=True)) == {clock.today()}
        assert standings_bring_up_to_date(corporation=corporation, as_of=clock.today()) == 0
        brought_forward = standings()
        # What the import continued from yesterday's state is what the whole ledger says today.
        recompute_standings(corporation=corporation, as_of=clock.today())
        after = standings()
        for k in after:
            for c in after[k]:
                assert (k, c, brought_forward[k][c]) == (k, c, after[k][c])

    assert balances() == {"H1": before["H1"] - Decimal("750.00"), "H2": before["H2"]}


def standings() -> dict[str, dict]:
    found = {}
    for standing in ContractStanding.objects.select_related("contract"):
        values = {
            f.attname: getattr(standing, f.attname) for f in ContractStanding._meta.fields if f.name != "id"
        }
        # SQLite 3.40 joins the window's paid invoices in the order it reads them; the set is what counts.
        values["window_paid"] = sorted(values["window_paid"].split(","))
        found[standing.contract.source_id] = values
    return found
