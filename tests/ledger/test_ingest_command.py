import io
import json

import pytest
from django.core.management import CommandError, call_command

from vangnet.core.models import Corporation
from vangnet.tenants.models import Tenant

from .erp_files import LEDGER, write_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def corporation():
    return Corporation.objects.create(slug="ymere", name="Ymere")


def run(path, **options):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("ingest", str(path), stdout=out, stderr=err, **options)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_ingest_prints_counts_as_json_on_the_last_line(corporation, tmp_path):
    code, out, _ = run(write_delivery(tmp_path), corporation="ymere", as_json=True)
    assert code == 0
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == "applied"
    assert result["counts"]["tenants"]["created"] == 3


def test_a_rejected_file_exits_1_with_every_error_and_changes_nothing(corporation, tmp_path):
    bad = [
        *LEDGER,
        {
            "entry_id": "B99",
            "contract_id": "H1",
            "kind": "invoice",
            "booking_date": "gisteren",
            "amount": "10",
        },
    ]
    code, out, _ = run(write_delivery(tmp_path, ledger_entries=bad), corporation="ymere", as_json=True)
    assert code == 1
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == "rejected"
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(10, "booking_date")]
    assert Tenant.objects.count() == 0


def test_human_output_names_the_row_and_reason(corporation, tmp_path):
    bad = [
        {
            "entry_id": "B99",
            "contract_id": "H9",
            "kind": "invoice",
            "booking_date": "2026-01-01",
            "amount": "10",
        }
    ]
    code, _, err = run(write_delivery(tmp_path, ledger_entries=bad), corporation="ymere")
    assert code == 1
    assert "ledger_entries.csv row 2 contract_id 'H9': refers to an unknown id" in err


def test_an_unreadable_file_is_rejected_with_a_clear_reason(corporation, tmp_path):
    (tmp_path / "tenants.csv").write_bytes(b"tenant_id,kind,shoe_size\nR1,person,44\n")
    code, out, _ = run(tmp_path, corporation="ymere", as_json=True)
    assert code == 1
    assert "unknown columns: shoe_size" in out


def test_an_unknown_corporation_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no corporation"):
        call_command("ingest", str(write_delivery(tmp_path)), corporation="nope")


def test_a_row_with_too_many_fields_is_rejected_on_every_database(corporation, tmp_path):
    directory = write_delivery(tmp_path)
    with (directory / "units.csv").open("a", encoding="utf-8") as fh:
        fh.write("E9,dwelling,Straat,1,,1000AA,Amsterdam,Amsterdam,,,,,extra\n")
    code, out, _ = run(directory, corporation="ymere", as_json=True)
    assert code == 1
    error = json.loads(out.strip().splitlines()[-1])["errors"][0]
    assert error["file"] == "units.csv"
    assert "4" in error["reason_en"]  # the line number
    assert Tenant.objects.count() == 0
