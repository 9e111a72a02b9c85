"""Imports through the API, against the real import service (validate completely, apply all or nothing)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vangnet.ledger.models import Contract, ContractTenant, ImportRun, LedgerEntry, Unit
from vangnet.tenants.models import Tenant

pytestmark = pytest.mark.django_db

BASIC = Path(__file__).parent / "data" / "basic"
ENTITY_ROWS = {"tenants": 2, "units": 2, "contracts": 2, "contract_tenants": 2, "ledger_entries": 3}


def basic_files(**replace: str) -> list[SimpleUploadedFile]:
    """The basic delivery, with the content of some files replaced by name."""
    return [
        SimpleUploadedFile(path.name, replace.get(path.stem, path.read_text()).encode())
        for path in sorted(BASIC.glob("*.csv"))
    ]


def stored_counts() -> dict[str, int]:
    return {
        "tenants": Tenant.objects.count(),
        "units": Unit.objects.count(),
        "contracts": Contract.objects.count(),
        "contract_tenants": ContractTenant.objects.count(),
        "ledger_entries": LedgerEntry.objects.count(),
    }


def test_a_csv_upload_creates_the_records(api_a):
    response = api_a.post_files("/api/v1/imports", {"files": basic_files()})

    assert response.status_code == 201, response.content
    run = response.json()
    assert run["status"] == "applied"
    assert run["mode"] == "delta"
    assert run["source_format"] == "csv"
    assert run["actor"] == "api:ERP Woonstad"
    assert run["errors"] == []
    assert {name: counts["created"] for name, counts in run["counts"].items()} == ENTITY_ROWS
    assert stored_counts() == ENTITY_ROWS
    assert Tenant.objects.filter(corporation=api_a.corporation).count() == 2

    contract = api_a.get("/api/v1/contracts/C1").json()
    assert contract["monthly_service_costs"] == "25.50"
    assert contract["balance"] == "0.00"
    assert api_a.get("/api/v1/tenants/T2").json()["no_sms"] is True
    assert api_a.get(f"/api/v1/imports/{run['id']}").json()["counts"] == run["counts"]


def test_the_same_upload_twice_changes_nothing_the_second_time(api_a):
    assert api_a.post_files("/api/v1/imports", {"files": basic_files()}).status_code == 201

    response = api_a.post_files("/api/v1/imports", {"files": basic_files()})

    assert response.status_code == 201
    counts = response.json()["counts"]
    assert {name: c["unchanged"] for name, c in counts.items()} == ENTITY_ROWS
    assert all(c["created"] == 0 and c["updated"] == 0 for c in counts.values())
    assert stored_counts() == ENTITY_ROWS
    assert api_a.get("/api/v1/imports").json()["count"] == 2


def test_one_bad_row_rejects_the_whole_delivery(api_a):
    contracts = (
        (BASIC / "contracts.csv").read_text().replace("C2,U2,2021-05-01,650.00", "C2,U2,2021-05-01,6S0")
    )

    response = api_a.post_files("/api/v1/imports", {"files": basic_files(contracts=contracts)})

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["status"] == "rejected"
    assert body["detail"] == "Import rejected with 1 error(s); nothing was changed."
    assert body["error_count"] == 1
    [error] = body["errors"]
    assert error["file"] == "contracts.csv"
    assert error["row"] == 3
    assert error["field"] == "monthly_rent"
    assert error["value"] == "6S0"
    assert error["reason_nl"] and error["reason_en"]
    assert stored_counts() == dict.fromkeys(ENTITY_ROWS, 0)
    # The rejection itself is kept, so the ERP and the back office can look it up later.
    assert api_a.get(f"/api/v1/imports/{body['id']}").json()["errors"] == body["errors"]


def test_an_unreadable_file_is_rejected_with_the_file_named(api_a):
    tenants = "tenant_id,kind,shoe_size\nT1,person,44\n"
    response = api_a.post_files("/api/v1/imports", {"files": basic_files(tenants=tenants)})

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["file"] == "tenants.csv"
    assert "shoe_size" in error["reason_en"]
    assert stored_counts() == dict.fromkeys(ENTITY_ROWS, 0)


def test_an_import_lands_in_the_keys_corporation_only(api_a, api_b):
    assert api_a.post_files("/api/v1/imports", {"files": basic_files()}).status_code == 201

    assert Tenant.objects.filter(corporation=api_b.corporation).count() == 0
    assert api_b.get("/api/v1/tenants/T1").status_code == 404
    assert api_b.get("/api/v1/imports").json() == {"items": [], "count": 0}
    run_id = ImportRun.objects.get(corporation=api_a.corporation).pk
    assert api_b.get(f"/api/v1/imports/{run_id}").status_code == 404


ROWS = {
    "tenants": [
        {"tenant_id": "T9", "kind": "person", "initials": "K.", "last_name": "de Vries", "no_sms": True},
    ],
    "units": [
        {
            "unit_id": "U9",
            "kind": "dwelling",
            "street": "Kerkstraat",
            "house_number": 12,
            "postcode": "5678CD",
            "city": "Elders",
            "municipality": "Elders",
        }
    ],
    "contracts": [
        {
            "contract_id": "C9",
            "unit_id": "U9",
            "start_date": "2024-02-01",
            "monthly_rent": "812.40",
            "payment_method": "transfer",
            "due_day": 1,
        }
    ],
    "contract_tenants": [{"contract_id": "C9", "tenant_id": "T9", "role": "main"}],
    "ledger_entries": [
        {
            "entry_id": "E9",
            "contract_id": "C9",
            "kind": "invoice",
            "booking_date": "2026-01-01",
            "amount": "812.40",
            "description": None,
        }
    ],
}


def test_a_json_rows_import(api_a):
    response = api_a.post_json("/api/v1/imports/rows", {"mode": "delta", "rows": ROWS})

    assert response.status_code == 201, response.content
    run = response.json()
    assert run["source_format"] == "api"
    assert {name: c["created"] for name, c in run["counts"].items()} == dict.fromkeys(ROWS, 1)
    tenant = api_a.get("/api/v1/tenants/T9").json()
    assert tenant["last_name"] == "de Vries"
    assert tenant["no_sms"] is True
    contract = api_a.get("/api/v1/contracts/C9").json()
    assert contract["monthly_rent"] == "812.40"
    assert contract["tenants"] == [{"contract_id": "C9", "tenant_id": "T9", "role": "main"}]

    again = api_a.post_json("/api/v1/imports/rows", {"rows": ROWS}).json()
    assert all(c["unchanged"] == 1 for c in again["counts"].values())


def test_a_json_rows_import_with_a_bad_row_is_422(api_a):
    rows = {"tenants": [*ROWS["tenants"], {"tenant_id": "T10", "kind": "alien", "last_name": "X"}]}

    response = api_a.post_json("/api/v1/imports/rows", {"rows": rows})

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["file"], error["row"], error["field"], error["value"]) == (
        "api:tenants",
        2,
        "kind",
        "alien",
    )
    assert not Tenant.objects.exists()
