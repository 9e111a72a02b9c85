"""circumstances.csv (issue 23): imported like every entity, idempotent, closed by a snapshot, and a bad row
rejects the whole delivery."""

import datetime as dt

import pytest

from vangnet.core.models import Corporation
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.services.imports import import_erp_data
from vangnet.tenants.circumstances import circumstance_kinds_install_defaults, circumstance_record
from vangnet.tenants.models import Circumstance, Tenant

from .erp_files import write_csv, write_delivery

pytestmark = pytest.mark.django_db

CIRCUMSTANCES = [
    {"circumstance_id": "SIG-1", "tenant_id": "R1", "kind": "werkloos", "start_date": "2026-09-28"},
    {
        "circumstance_id": "SIG-2",
        "tenant_id": "R2",
        "kind": "ziekte",
        "start_date": "2026-05-02",
        "end_date": "2026-08-15",
    },
]


@pytest.fixture
def corporation():
    corporation = Corporation.objects.create(slug="ymere", name="Ymere")
    circumstance_kinds_install_defaults(corporation=corporation)
    return corporation


def ingest(corporation, directory, mode="delta"):
    return import_erp_data(corporation=corporation, source=CsvSetSource([directory]), mode=mode, actor="test")


def rows():
    return sorted(
        Circumstance.objects.values_list(
            "source_id", "tenant__source_id", "kind__code", "starts_on", "ends_on", "source"
        )
    )


def test_circumstances_are_imported_once(corporation, tmp_path):
    run = ingest(corporation, write_delivery(tmp_path, circumstances=CIRCUMSTANCES))
    assert run.status == "applied", run.errors
    assert run.counts["circumstances"] == {"created": 2, "updated": 0, "unchanged": 0, "closed": 0}
    assert rows() == [
        ("SIG-1", "R1", "werkloos", dt.date(2026, 9, 28), None, "erp"),
        ("SIG-2", "R2", "ziekte", dt.date(2026, 5, 2), dt.date(2026, 8, 15), "erp"),
    ]
    again = ingest(corporation, write_delivery(tmp_path, circumstances=CIRCUMSTANCES))
    assert again.counts["circumstances"] == {"created": 0, "updated": 0, "unchanged": 2, "closed": 0}


def test_an_ended_circumstance_is_updated_and_a_snapshot_closes_only_the_erps_own(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a", circumstances=CIRCUMSTANCES))
    tenant = Tenant.objects.get(source_id="R1")
    own = circumstance_record(
        tenant=tenant, kind_code="geboorte", starts_on=dt.date(2026, 1, 5), source="staff", actor="petra"
    )
    ended = [dict(CIRCUMSTANCES[0], end_date="2026-11-30")]
    directory = tmp_path / "b"
    directory.mkdir()
    write_csv(directory / "circumstances.csv", ended)
    run = ingest(corporation, directory, mode="snapshot")
    assert run.counts["circumstances"] == {"created": 0, "updated": 1, "unchanged": 0, "closed": 1}
    assert Circumstance.objects.get(source_id="SIG-1").ends_on == dt.date(2026, 11, 30)
    assert Circumstance.objects.get(source_id="SIG-2").removed_from_source_at is not None
    own.refresh_from_db()
    assert own.removed_from_source_at is None


def test_a_bad_row_rejects_the_delivery_with_every_error_and_changes_nothing(corporation, tmp_path):
    ingest(corporation, write_delivery(tmp_path / "a", circumstances=CIRCUMSTANCES))
    before = rows()
    bad = [
        *CIRCUMSTANCES,
        {"circumstance_id": "SIG-3", "tenant_id": "R1", "kind": "loterij", "start_date": "2026-10-01"},
        {"circumstance_id": "SIG-4", "tenant_id": "R9", "kind": "scheiding", "start_date": "2026-10-01"},
        {
            "circumstance_id": "SIG-5",
            "tenant_id": "R2",
            "kind": "scheiding",
            "start_date": "2026-10-01",
            "end_date": "2026-09-01",
        },
    ]
    run = ingest(corporation, write_delivery(tmp_path / "b", circumstances=bad))
    assert run.status == "rejected"
    problems = {(e["file"], e["row"], e["field"], e["reason_nl"]) for e in run.errors}
    assert problems == {
        (
            "circumstances.csv",
            4,
            "kind",
            "onbekende soort omstandigheid (zie Omstandigheden in de inrichting)",
        ),
        ("circumstances.csv", 5, "tenant_id", "verwijst naar een onbekend nummer"),
        ("circumstances.csv", 6, "end_date", "einddatum ligt voor de begindatum"),
    }
    assert rows() == before
