"""Every real sample statement imports into the demo corporation once its account is added, through the
commands an operator uses; importing them all a second time books nothing new."""

import contextlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from vangnet.bank.models import BankTransaction
from vangnet.bank.parsers import parse_statement
from vangnet.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

OURS = Path(__file__).parent / "samples"
# AGPL samples stay outside the project and are only read when the shared folder sits next to the repo.
SHARED = Path(__file__).parents[2].parent / "shared" / "samples" / "bank"
AGPL = ["oca_test-camt053_abnamro.xml", "oca_test-camt054.xml", "oca_test-ing.940", "oca_test-rabo.swi"]


def samples() -> list[Path]:
    # The pain.008 is our own kind of file to the bank, not a statement.
    found = [p for p in sorted(OURS.iterdir()) if p.suffix != ".md" and "pain.008" not in p.name]
    if SHARED.is_dir():
        found += [SHARED / name for name in AGPL]
    return found


def command(*args, **options) -> dict:
    out = io.StringIO()
    # import_bank exits 1 on a refused file, after printing its JSON.
    with contextlib.suppress(SystemExit):
        call_command(*args, stdout=out, stderr=io.StringIO(), json=True, **options)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", tenancies=20, months=3, as_of=date(2026, 3, 10), stdout=io.StringIO())


def test_every_sample_imports_after_its_account_is_added_and_twice_books_nothing_new(demo):
    files = samples()
    assert len(files) >= 7
    for path in files:
        known = {a["account"] for a in command("bank_accounts", corporation="demo", list=True)["accounts"]}
        refused = command("import_bank", str(path), corporation="demo")
        accounts = {s.account_iban for s in parse_statement(path.read_bytes(), path.name)}
        if accounts <= known:
            assert refused["status"] == "applied", (path.name, refused["errors"])
            continue
        assert refused["status"] == "rejected", path.name
        assert {e["account"] for e in refused["errors"]} == accounts - known
        for account in sorted(accounts - known):
            assert command("bank_accounts", corporation="demo", add=account)["account"] == account
        applied = command("import_bank", str(path), corporation="demo")
        assert applied["status"] == "applied", (path.name, applied["errors"])
        assert applied["counts"]["transactions_new"] == applied["counts"]["transactions"], path.name
        assert set(applied) == {"import_id", "status", "format", "counts", "errors"}

    entries, rows = LedgerEntry.objects.count(), BankTransaction.objects.count()
    for path in files:
        again = command("import_bank", str(path), corporation="demo")
        assert again["status"] == "applied", path.name
        assert again["counts"]["transactions_new"] == 0, path.name
        assert again["counts"]["duplicates"] == again["counts"]["transactions"], path.name
    assert (LedgerEntry.objects.count(), BankTransaction.objects.count()) == (entries, rows)
