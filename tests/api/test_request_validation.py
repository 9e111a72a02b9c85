"""Requests the API refuses before any import runs: every refusal is JSON and names the field or file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vangnet.ledger.models import ImportRun

pytestmark = pytest.mark.django_db


def fields_of(response) -> list[str]:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return [error["field"] for error in body["errors"]]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"mode": "full", "rows": {}}, "mode"),
        ({"mode": "delta"}, "rows"),
        ({"rows": ["tenants"]}, "rows"),
        ({"rows": {"tenants": {"tenant_id": "T1"}}}, "rows.tenants"),
        ({"rows": {"tenants": [{"tenant_id": ["T1"]}]}}, "rows.tenants.0.tenant_id"),
        ({"rows": {"ledger_entries": [{"amount": 12.5}]}}, "rows.ledger_entries.0.amount"),
    ],
)
def test_wrong_types_in_a_rows_body_name_the_field(api_a, payload, field):
    response = api_a.post_json("/api/v1/imports/rows", payload)
    assert response.status_code == 422
    assert field in fields_of(response)
    errors = response.json()["errors"]
    assert all(error["reason_en"] and error["reason_nl"] for error in errors)


def test_a_body_that_is_not_json_is_422(api_a):
    response = api_a.post_raw("/api/v1/imports/rows", '{"rows": {"tenants": [}')
    assert response.status_code == 422
    assert fields_of(response) == ["body"]
    assert response.json()["detail"] == "The request body is not valid JSON."


def test_an_unknown_entity_is_400_naming_it(api_a):
    response = api_a.post_json("/api/v1/imports/rows", {"rows": {"tenant": [{"tenant_id": "T1"}]}})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["file"] == "api"
    assert "tenant" in error["reason_en"]
    assert error["reason_nl"].startswith("onbekende soorten")
    assert not ImportRun.objects.exists()


def test_an_upload_without_files_names_the_field(api_a):
    response = api_a.post_files("/api/v1/imports", {"mode": "delta"})
    assert response.status_code == 422
    assert fields_of(response) == ["files"]


def test_an_unknown_format_or_mode_names_the_field(api_a):
    upload = SimpleUploadedFile("tenants.csv", b"tenant_id,kind\n")
    response = api_a.post_files("/api/v1/imports", {"files": [upload], "format": "xml", "mode": "all"})
    assert response.status_code == 422
    assert sorted(fields_of(response)) == ["format", "mode"]


def test_an_unknown_file_name_is_400_naming_the_file(api_a):
    upload = SimpleUploadedFile("huurders.csv", b"tenant_id,kind\nT1,person\n")
    response = api_a.post_files("/api/v1/imports", {"files": [upload]})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["file"] == "huurders.csv"
    assert "tenants.csv" in error["reason_en"]
    assert not ImportRun.objects.exists()


def test_the_same_file_twice_is_400(api_a):
    uploads = [SimpleUploadedFile("tenants.csv", b"tenant_id,kind\n") for _ in range(2)]
    response = api_a.post_files("/api/v1/imports", {"files": uploads})
    assert response.status_code == 400
    assert response.json()["errors"][0]["reason_en"] == "file was sent twice"


def test_a_body_over_the_size_limit_is_413(api_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    rows = {"tenants": [{"tenant_id": f"T{i}", "kind": "person", "last_name": "X"} for i in range(50)]}
    response = api_a.post_json("/api/v1/imports/rows", {"rows": rows})
    assert response.status_code == 413
    assert "POST /api/v1/imports" in response.json()["detail"]


def test_too_many_files_is_400(api_a, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    uploads = [SimpleUploadedFile(f"{name}.csv", b"x\n") for name in ("tenants", "units", "contracts")]
    response = api_a.post_files("/api/v1/imports", {"files": uploads})
    assert response.status_code == 400
    assert response.json()["detail"] == "Too many files in one request (at most 2)."


def test_an_unexpected_failure_is_a_json_500(api_a, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("vangnet.api.imports.import_erp_data", broken)
    response = api_a.post_json("/api/v1/imports/rows", {"rows": {"tenants": []}})
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal error; it has been logged.", "errors": []}
