"""The generated delivery: valid against the schema, deterministic, and shaped like a real portfolio.

No database: the generator only writes files.
"""

import csv
import hashlib
import random
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from schwifty import IBAN

from tests.demo.schema_check import read_rows, schema_errors
from vangnet.demo.generator import write_demo_files
from vangnet.demo.places import FORBIDDEN_PAIRS, MUNICIPALITIES
from vangnet.demo.profiles import PROFILE_SHARES, choose_profile
from vangnet.ledger.importing.schema import BY_NAME, ENTITIES
from vangnet.ledger.payment_reference import is_valid_payment_reference

AS_OF = date(2026, 3, 10)


def rows(directory: Path, name: str) -> list[dict[str, str]]:
    return [row for _, row in read_rows(directory, BY_NAME[name])]


def digest(directory: Path) -> dict[str, str]:
    return {e.file_name: hashlib.sha256((directory / e.file_name).read_bytes()).hexdigest() for e in ENTITIES}


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The size of the default demo: 2,000 tenancies over 24 months (this also shows it is quick)."""
    directory = tmp_path_factory.mktemp("demo")
    counts = write_demo_files(directory, tenancies=2000, months=24, as_of=AS_OF)
    return directory, counts


def test_writes_every_canonical_file_with_its_header_and_reports_the_row_counts(portfolio):
    directory, counts = portfolio
    assert sorted(p.name for p in directory.iterdir()) == sorted(e.file_name for e in ENTITIES)
    for entity in ENTITIES:
        with (directory / entity.file_name).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            assert next(reader) == list(entity.column_names)
            assert sum(1 for _ in reader) == counts[entity.name]
    assert counts["contracts"] == counts["units"] == 2000
    # Two entries a month at least (invoice + payment) for 24 months.
    assert 2000 * 24 * 1.9 < counts["ledger_entries"] < 2000 * 24 * 2.3


def test_every_row_respects_the_schema(portfolio):
    directory, _ = portfolio
    assert schema_errors(directory) == []


@pytest.mark.parametrize(
    ("tenancies", "months", "as_of"),
    [
        (1, 1, date(2026, 3, 10)),
        (60, 2, date(2024, 2, 29)),
        (200, 13, date(2026, 1, 1)),
        (200, 60, date(2025, 7, 31)),
    ],
)
def test_small_and_odd_sizes_and_dates_are_valid_too(tmp_path, tenancies, months, as_of):
    counts = write_demo_files(tmp_path, tenancies=tenancies, months=months, seed=11, as_of=as_of)
    assert counts["contracts"] == tenancies
    assert schema_errors(tmp_path) == []
    assert max(r["booking_date"] for r in rows(tmp_path, "ledger_entries")) <= as_of.isoformat()


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert write_demo_files(first, tenancies=300, months=12, seed=5, as_of=AS_OF) == write_demo_files(
        second, tenancies=300, months=12, seed=5, as_of=AS_OF
    )
    assert digest(first) == digest(second)
    write_demo_files(other, tenancies=300, months=12, seed=6, as_of=AS_OF)
    assert digest(other)["ledger_entries.csv"] != digest(first)["ledger_entries.csv"]


def test_no_partial_files_are_left_behind(tmp_path):
    write_demo_files(tmp_path, tenancies=20, months=3, as_of=AS_OF)
    assert not list(tmp_path.glob("*.partial"))


def test_profile_draws_follow_the_intended_shares():
    rnd = random.Random(1)
    draws = Counter(choose_profile(rnd) for _ in range(100_000))
    for name, share in PROFILE_SHARES:
        assert draws[name] / 100_000 == pytest.approx(share, abs=0.006)


def test_balances_and_endings_look_like_the_profile_mix(portfolio):
    directory, _ = portfolio
    contracts = {row["contract_id"]: row for row in rows(directory, "contracts")}
    balance: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows(directory, "ledger_entries"):
        amount = Decimal(row["amount"])
        balance[row["contract_id"]] += -amount if row["kind"] in ("payment", "write_off") else amount
    months_behind = Counter()
    for contract_id, contract in contracts.items():
        monthly = Decimal(contract["monthly_rent"]) + Decimal(contract["monthly_service_costs"])
        owed = balance[contract_id] / monthly
        months_behind["none" if owed <= 0 else "<2" if owed < 2 else "2+"] += 1
    total = len(contracts)
    ended = sum(1 for c in contracts.values() if c["end_date"])
    assert 0.015 < ended / total < 0.05  # ~3% departed
    assert months_behind["none"] / total > 0.80  # most pay on time
    assert 0.01 < months_behind["2+"] / total < 0.08  # the structurally late, some 2-4 months behind
    methods = Counter(c["payment_method"] for c in contracts.values())
    assert methods["direct_debit"] / total == pytest.approx(0.60, abs=0.05)
    assert methods["transfer"] / total == pytest.approx(0.35, abs=0.05)
    assert methods["ideal_link"] / total == pytest.approx(0.05, abs=0.03)


def test_ledger_tells_a_coherent_story(portfolio):
    directory, _ = portfolio
    entries = {row["entry_id"]: row for row in rows(directory, "ledger_entries")}
    contracts = {row["contract_id"]: row for row in rows(directory, "contracts")}
    kinds = Counter(row["kind"] for row in entries.values())
    assert kinds["invoice"] and kinds["payment"] and kinds["reversal"] and kinds["correction"]
    codes = Counter(row["reversal_reason"] for row in entries.values() if row["kind"] == "reversal")
    assert codes.most_common(1)[0][0] == "AM04"
    assert set(codes) <= {"AM04", "MD06", "MS02", "MS03", "AC04", "MD07"}
    categories = Counter(row["category"] for row in entries.values() if row["kind"] == "invoice")
    assert {"rent", "repair", "final_settlement"} <= set(categories)
    for row in entries.values():
        assert row["booking_date"] <= AS_OF.isoformat()
        linked = entries.get(row["linked_entry_id"])
        if linked is not None:
            assert linked["contract_id"] == row["contract_id"]
            expected = "payment" if row["kind"] == "reversal" else "invoice"
            assert linked["kind"] == expected
        if row["kind"] == "reversal":
            assert (
                row["reversal_reason"] and contracts[row["contract_id"]]["payment_method"] == "direct_debit"
            )
        if row["kind"] == "invoice" and row["category"] == "rent":
            assert row["due_date"][8:] == "01"
    # Only some transfers are linked, as in a real ERP; direct debits always are.
    transfers = [
        r for r in entries.values() if r["kind"] == "payment" and r["description"].startswith("Huur")
    ]
    linked_share = sum(1 for r in transfers if r["linked_entry_id"]) / len(transfers)
    assert 0.2 < linked_share < 0.7


def test_current_month_is_invoiced_on_the_first_and_mostly_paid(portfolio):
    directory, _ = portfolio
    current = [r for r in rows(directory, "ledger_entries") if r["booking_date"].startswith("2026-03")]
    invoices = [r for r in current if r["kind"] == "invoice" and r["category"] == "rent"]
    assert all(r["due_date"] == "2026-03-01" for r in invoices)
    paid = {r["contract_id"] for r in current if r["kind"] == "payment"}
    assert len(paid) / len(invoices) > 0.8


def test_addresses_are_dutch_and_match_their_municipality(portfolio):
    directory, _ = portfolio
    areas = {
        (n.city, n.name): set(n.postcodes) for m in MUNICIPALITIES for n in m.neighbourhoods
    }  # fmt: skip
    units = rows(directory, "units")
    for unit in units:
        match = re.fullmatch(r"(\d{4}) ([A-Z]{2})", unit["postcode"])
        assert match, unit["postcode"]
        assert int(match[1]) in areas[(unit["city"], unit["neighbourhood"])]
        assert match[2] not in FORBIDDEN_PAIRS and not set(match[2]) & set("FIOQUY")
    kinds = Counter(u["kind"] for u in units)
    assert kinds["parking"] / len(units) == pytest.approx(0.04, abs=0.015)
    assert kinds["business"] / len(units) == pytest.approx(0.01, abs=0.008)
    complexes = Counter(u["complex_code"] for u in units)
    assert len(complexes) < len(units) / 5  # units come in complexes
    assert len({u["municipality"] for u in units}) >= 5


def test_tenants_look_like_a_dutch_portfolio(portfolio):
    directory, _ = portfolio
    tenants = rows(directory, "tenants")
    persons = [t for t in tenants if t["kind"] == "person"]
    total = len(tenants)

    def share(test) -> float:
        return sum(1 for t in tenants if test(t)) / total

    assert {"van", "de", "van der", "van den"} <= {t["name_prefix"] for t in persons}
    assert all(re.fullmatch(r"([A-ZÀ-Žİ]\.)+", t["initials"]) for t in persons)
    assert all("1935-01-01" <= t["birth_date"] <= "2005-12-31" for t in persons)
    languages = Counter(t["language"] for t in tenants)
    assert languages["nl"] / total > 0.85 and {"en", "tr", "ar", "pl"} <= set(languages)
    assert 0.05 < share(lambda t: not t["email"]) < 0.3
    assert all(t["preferred_channel"] == "letter" for t in tenants if not t["email"])
    assert share(lambda t: t["administrator_name"]) == pytest.approx(0.015, abs=0.01)
    assert share(lambda t: t["debt_counselling_since"]) == pytest.approx(0.01, abs=0.008)
    assert share(lambda t: t["no_voice_calls"] == "1") == pytest.approx(0.02, abs=0.012)
    organisations = [t for t in tenants if t["kind"] == "organisation"]
    assert organisations and all(t["organisation_name"] and not t["last_name"] for t in organisations)
    assert any(re.search(r"B\.V\.$", t["organisation_name"]) for t in organisations)
    parties = rows(directory, "contract_tenants")
    co = sum(1 for p in parties if p["role"] == "co")
    assert co / 2000 == pytest.approx(0.06, abs=0.02)


def test_arrangements_and_promises_are_consistent(portfolio):
    directory, counts = portfolio
    assert counts["arrangements"] and counts["promises"]
    installments: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows(directory, "arrangement_installments"):
        installments[row["arrangement_id"]].append(row)
    for arrangement in rows(directory, "arrangements"):
        terms = installments[arrangement["arrangement_id"]]
        assert 6 <= len(terms) <= 12
        assert [int(t["sequence"]) for t in terms] == list(range(1, len(terms) + 1))
        assert sum(Decimal(t["amount"]) for t in terms) == Decimal(arrangement["total_amount"])
        assert terms[0]["due_date"] == arrangement["start_date"] > arrangement["agreed_on"]
    statuses = Counter(p["status"] for p in rows(directory, "promises"))
    assert statuses["open"]
    for promise in rows(directory, "promises"):
        if promise["status"] == "open":
            assert promise["made_on"] <= AS_OF.isoformat()


def test_contracts_carry_valid_payment_details(portfolio):
    directory, _ = portfolio
    contracts = rows(directory, "contracts")
    references = [c["payment_reference"] for c in contracts]
    assert len(set(references)) == len(references)
    assert all(is_valid_payment_reference(r) for r in references)
    for contract in contracts:
        if contract["payment_method"] == "direct_debit":
            IBAN(contract["debit_iban"])
            assert contract["mandate_date"] <= max(contract["start_date"], "2014-02-01")
        else:
            assert not contract["debit_iban"]
    dwellings = {u["unit_id"] for u in rows(directory, "units") if u["kind"] == "dwelling"}
    rents = [Decimal(c["monthly_rent"]) for c in contracts if c["unit_id"] in dwellings]
    assert min(rents) >= 450 and max(rents) <= 1150
    assert all(0 <= Decimal(c["monthly_service_costs"]) <= 90 for c in contracts if c["unit_id"] in dwellings)
