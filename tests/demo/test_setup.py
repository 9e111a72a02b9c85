import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from schwifty import IBAN

from vangnet.arrangements.models import BudgetCheck
from vangnet.core import clock
from vangnet.core.models import Corporation, Membership, Role, User
from vangnet.demo import setup as demo_setup
from vangnet.demo.setup import DEMO_LOGINS, DEMO_STAFF, create_demo_corporation, create_demo_staff
from vangnet.ledger.importing.schema import LETTING_PREFIX
from vangnet.ledger.models import Contract, ImportRun, ImportStatus, LedgerEntry, Unit
from vangnet.reports.selectors import report_compute

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Real hashing takes most of a second per password; these tests are about who gets which login.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_corporation_is_branded_and_created_once():
    corporation = create_demo_corporation()
    assert corporation.slug == "demo" and corporation.name == "Woonstichting De Vang"
    IBAN(corporation.iban)
    assert corporation.creditor_id.startswith("NL") and corporation.creditor_id[4:7] == "ZZZ"
    assert corporation.sender_email and corporation.sms_sender and len(corporation.sms_sender) <= 11
    corporation.full_clean()
    assert create_demo_corporation() == corporation
    assert Corporation.objects.count() == 1


def test_demo_staff_has_one_login_per_role_and_is_idempotent():
    corporation = create_demo_corporation()
    create_demo_staff(corporation)
    logins = create_demo_staff(corporation)
    assert {login.role for login in logins} == set(Role.values)
    assert User.objects.count() == len(DEMO_STAFF)
    for login in logins:
        user = User.objects.get(username=login.username)
        assert user.check_password(login.password)
        assert Membership.objects.get(user=user, corporation=corporation).role == login.role
    assert [username for username, _, _ in DEMO_LOGINS] == ["incasso", "geschillen", "manager", "beheer"]


def test_staff_of_a_second_demo_corporation_reuses_the_users():
    create_demo_staff(create_demo_corporation())
    other = create_demo_corporation(slug="demo2", name="Woonstichting Tweede Vang")
    create_demo_staff(other)
    assert User.objects.count() == len(DEMO_STAFF)
    assert Membership.objects.filter(corporation=other).count() == len(DEMO_STAFF)


def test_seed_demo_generates_imports_and_ends_with_a_json_line(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("seed_demo", tenancies=40, months=4, as_of=date(2026, 3, 10), json=True, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert any("incasso" in line and "demo-incasso-2026" in line for line in lines)
    summary = json.loads(lines[-1])
    assert summary["import"]["status"] == "applied", lines
    assert summary["files"]["contracts"] == 40
    assert (tmp_path / "demo-import" / "demo" / "ledger_entries.csv").exists()
    corporation = Corporation.objects.get(slug="demo")
    # The ERP's 40 (a letting the demo's candidate signed makes its own, vangnet/demo/contracts.py).
    erp = Contract.objects.filter(corporation=corporation).exclude(source_id__startswith=LETTING_PREFIX)
    assert erp.count() == 40
    assert LedgerEntry.objects.filter(corporation=corporation).count() == summary["files"]["ledger_entries"]
    # One arrangement proposed on the portal after a budget check, with the check's suggested months.
    check = BudgetCheck.objects.get(corporation=corporation)
    assert (check.affordable, check.arrangement.channel) == (Decimal("210.00"), "portal")
    assert check.arrangement.installments.count() * check.affordable >= check.arrangement.total_amount


def test_seed_demo_reports_a_rejected_import_as_a_failure(settings, tmp_path, monkeypatch):
    """The generator writes the files, one unit's postcode is then spoilt, and our own importer refuses it."""
    settings.VAR_DIR = tmp_path
    write = demo_setup.write_demo_files

    def write_then_spoil(directory, **kwargs):
        counts = write(directory, **kwargs)
        units = directory / "units.csv"
        with units.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        rows[0]["postcode"] = "3511 AB UTRECHT"
        with units.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return counts

    monkeypatch.setattr(demo_setup, "write_demo_files", write_then_spoil)
    out = io.StringIO()
    with pytest.raises(CommandError, match="The import was rejected"):
        call_command("seed_demo", tenancies=5, months=2, as_of=date(2026, 3, 10), stdout=out)
    assert "units.csv:2 postcode='3511 AB UTRECHT': longer than 10 characters" in out.getvalue()
    assert "Daily runs" not in out.getvalue()
    run = ImportRun.objects.get(corporation__slug="demo")
    assert run.status == ImportStatus.REJECTED
    assert not Unit.objects.filter(corporation=run.corporation).exists()  # a rejected file changes nothing


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("tenancies", 0, "--tenancies must be at least 1"),
        ("months", 0, "--months must be between 1 and 120"),
        ("months", 500, "--months must be between 1 and 120"),
    ],
)
def test_seed_demo_rejects_silly_sizes(option, value, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("seed_demo", **{option: value}, stdout=io.StringIO())


def test_importing_the_demo_files_twice_changes_nothing(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", tenancies=120, months=12, as_of=date(2026, 11, 25), stdout=io.StringIO())
    before = list(LedgerEntry.objects.values().order_by("id"))
    contracts_before = list(Contract.objects.values().order_by("id"))
    out = io.StringIO()
    call_command(
        "ingest",
        str(tmp_path / "demo-import" / "demo"),
        corporation="demo",
        mode="snapshot",
        as_json=True,
        stdout=out,
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["status"] == "applied"
    for entity, counts in result["counts"].items():
        assert counts["created"] == counts["closed"] == 0, entity
        # The demo's switch to direct debit the ERP has not processed: its files still list the old method, so
        # the snapshot updates that one contract, and Vangnet puts the tenant's change back at once.
        assert counts["updated"] == (1 if entity == "contracts" else 0), entity
    assert list(LedgerEntry.objects.values().order_by("id")) == before
    assert list(Contract.objects.values().order_by("id")) == contracts_before


def test_demo_prepares_once_and_reset_builds_again(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    # The command points links at the port it serves on; the fixtures put both back afterwards.
    settings.VANGNET_PUBLIC_URL = "http://127.0.0.1:8000"
    monkeypatch.setenv("VANGNET_PUBLIC_URL", "")
    first = io.StringIO()
    call_command("demo", tenancies=30, no_serve=True, stdout=first)
    assert "Import applied" in first.getvalue()
    entries = LedgerEntry.objects.count()
    # The reports' trend has its 24 months: earlier months from the ledger, the run's days from the run.
    demo = Corporation.objects.exclude(slug__startswith="woonstichting").get()
    trend = report_compute(corporation=demo, name="arrears_trend", by="month", as_of=clock.today())
    assert len(trend.rows) == 24
    assert trend.totals["overdue_amount"] > 0
    again = io.StringIO()
    # A new process, as `scripts/demo --port 8123` is: the first call's address is not in its environment.
    monkeypatch.setenv("VANGNET_PUBLIC_URL", "")
    call_command("demo", tenancies=30, no_serve=True, port=8123, stdout=again)
    assert "exists already" in again.getvalue()
    assert "incasso" in again.getvalue()
    # The printed portal links lead to the server the demo starts, on the port it names.
    assert "http://127.0.0.1:8123/portaal/link/" in again.getvalue()
    assert "Vangnet demo: http://127.0.0.1:8123/" in again.getvalue()
    reset = io.StringIO()
    call_command("demo", tenancies=30, no_serve=True, reset=True, stdout=reset)
    assert "Removed the demo corporation's data" in reset.getvalue()
    assert LedgerEntry.objects.count() == entries
