from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django_scopes import get_scope

from tests.factories import LedgerEntryFactory
from tests.world import standing_computed
from vangnet.core.api_keys import api_key_revoke
from vangnet.core.models import ApiKey
from vangnet.ledger.models import Contract, ContractTenant, ImportRun, Unit
from vangnet.tenants.circumstances import (
    circumstance_end,
    circumstance_kinds_install_defaults,
    circumstance_record,
)
from vangnet.tenants.models import Tenant

pytestmark = pytest.mark.django_db

PROTECTED = ["/api/v1/imports", "/api/v1/imports/1", "/api/v1/tenants/T1", "/api/v1/contracts/C1"]


def seed(corporation, *, last_name: str) -> dict:
    tenant = Tenant.objects.create(
        corporation=corporation, source_id="T1", last_name=last_name, initials="J."
    )
    unit = Unit.objects.create(
        corporation=corporation,
        source_id="U1",
        street="Dorpsstraat",
        house_number="1",
        postcode="1234AB",
        city="Ergens",
        municipality="Ergens",
    )
    contract = Contract.objects.create(
        corporation=corporation,
        source_id="C1",
        unit=unit,
        start_date=date(2020, 1, 1),
        monthly_rent=Decimal("700"),
        monthly_service_costs=Decimal("25.5"),
        payment_method="transfer",
    )
    ContractTenant.objects.create(corporation=corporation, contract=contract, tenant=tenant, role="main")
    run = ImportRun.objects.create(
        corporation=corporation,
        actor_label="test",
        source_format="csv",
        mode="delta",
        file_names=["tenants.csv"],
        file_hash="0" * 64,
        status="applied",
        counts={"tenants": {"created": 1}},
    )
    return {"tenant": tenant, "contract": contract, "run": run}


@pytest.mark.parametrize("path", PROTECTED)
def test_no_key_is_401_with_a_json_error(db, path):
    response = Client().get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Send an API key: 'Authorization: Bearer <key>'.", "errors": []}
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", ["Bearer nonsense-key-that-does-not-exist", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer x"]
)
def test_wrong_key_is_401(api_a, header):
    response = Client().get("/api/v1/imports", headers={"Authorization": header})
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_a_tampered_key_is_401(api_a):
    tampered = api_a.secret[:-2] + ("xx" if not api_a.secret.endswith("xx") else "yy")
    response = Client().get("/api/v1/imports", headers={"Authorization": f"Bearer {tampered}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown API key."


def test_revoked_key_is_401(api_a):
    assert api_a.get("/api/v1/imports").status_code == 200
    api_key_revoke(api_key=api_a.key, actor="test")

    response = api_a.get("/api/v1/imports")
    assert response.status_code == 401
    assert response.json()["detail"] == "This API key has been revoked."


def test_a_valid_key_records_its_use(api_a):
    assert api_a.key.last_used_at is None
    api_a.get("/api/v1/imports")
    assert ApiKey.objects.get(pk=api_a.key.pk).last_used_at is not None


def test_the_scope_is_left_after_the_request(api_a):
    before = dict(get_scope())
    api_a.get("/api/v1/imports")
    assert dict(get_scope()) == before


def test_each_key_sees_only_its_own_corporation(api_a, api_b):
    # Both corporations use the same ERP ids: only the key decides whose record comes back.
    a = seed(api_a.corporation, last_name="Jansen")
    b = seed(api_b.corporation, last_name="Bakker")

    assert api_a.get("/api/v1/tenants/T1").json()["last_name"] == "Jansen"
    assert api_b.get("/api/v1/tenants/T1").json()["last_name"] == "Bakker"

    imports_a = api_a.get("/api/v1/imports").json()
    assert [item["id"] for item in imports_a["items"]] == [a["run"].pk]
    assert api_a.get(f"/api/v1/imports/{a['run'].pk}").status_code == 200

    response = api_a.get(f"/api/v1/imports/{b['run'].pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": f"No import with id {b['run'].pk}.", "errors": []}


def test_another_corporations_tenant_is_not_found(api_a, api_b):
    seed(api_b.corporation, last_name="Bakker")
    for path in ("/api/v1/tenants/T1", "/api/v1/contracts/C1"):
        response = api_a.get(path)
        assert response.status_code == 404, path
        assert set(response.json()) == {"detail", "errors"}


def test_tenant_record(api_a):
    seed(api_a.corporation, last_name="Jansen")
    body = api_a.get("/api/v1/tenants/T1").json()
    assert body["tenant_id"] == "T1"
    assert body["initials"] == "J."
    assert body["birth_date"] is None
    assert body["contracts"] == [{"contract_id": "C1", "tenant_id": "T1", "role": "main"}]


def test_contract_record_with_amounts_as_strings(api_a):
    records = seed(api_a.corporation, last_name="Jansen")

    body = api_a.get("/api/v1/contracts/C1").json()
    assert body["monthly_rent"] == "700.00"
    assert body["monthly_service_costs"] == "25.50"
    assert body["start_date"] == "2020-01-01"
    assert body["unit_id"] == "U1"
    assert body["tenants"] == [{"contract_id": "C1", "tenant_id": "T1", "role": "main"}]
    assert body["balance"] is None

    # February and March unpaid; on 1 March only February is overdue.
    for month in (2, 3):
        due = date(2026, month, 1)
        LedgerEntryFactory(contract=records["contract"], booking_date=due, amount=Decimal("725.50"))
    standing_computed(records["contract"], as_of=date(2026, 3, 1))
    body = api_a.get("/api/v1/contracts/C1").json()
    assert body["balance"] == "1451.00"
    assert body["overdue_amount"] == "725.50"
    assert body["oldest_overdue_date"] == "2026-02-01"
    assert body["balance_as_of"] == "2026-03-01"


def test_imports_are_paginated_newest_first(api_a):
    runs = [seed_run(api_a.corporation) for _ in range(3)]
    body = api_a.get("/api/v1/imports", data={"page_size": 2}).json()
    assert body["count"] == 3
    assert [item["id"] for item in body["items"]] == [runs[2].pk, runs[1].pk]
    assert (
        api_a.get("/api/v1/imports", data={"page": 2, "page_size": 2}).json()["items"][0]["id"] == runs[0].pk
    )


def seed_run(corporation) -> ImportRun:
    return ImportRun.objects.create(
        corporation=corporation, source_format="csv", mode="delta", file_hash="", status="applied"
    )


def test_ids_with_slashes_are_found(api_a):
    Tenant.objects.create(corporation=api_a.corporation, source_id="2024/0042", last_name="Smit")
    assert api_a.get("/api/v1/tenants/2024/0042").json()["tenant_id"] == "2024/0042"
    assert api_a.get("/api/v1/tenants/2024%2F0042").json()["tenant_id"] == "2024/0042"


def test_tenant_record_lists_the_circumstances_in_force(api_a, business_day):
    records = seed(api_a.corporation, last_name="Jansen")
    circumstance_kinds_install_defaults(corporation=api_a.corporation)
    circumstance_record(
        tenant=records["tenant"],
        kind_code="werkloos",
        starts_on=business_day - timedelta(days=10),
        source="call",
        actor="petra",
    )
    ended = circumstance_record(
        tenant=records["tenant"],
        kind_code="ziekte",
        starts_on=business_day - timedelta(days=90),
        source="staff",
        actor="petra",
    )
    circumstance_end(circumstance=ended, ends_on=business_day - timedelta(days=30), actor="petra")

    body = api_a.get("/api/v1/tenants/T1").json()

    assert body["circumstances"] == [
        {
            "circumstance_id": "",
            "kind": "werkloos",
            "kind_name": "Werkloos geworden",
            "start_date": (business_day - timedelta(days=10)).isoformat(),
            "end_date": None,
            "source": "call",
        }
    ]
