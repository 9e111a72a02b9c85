"""tenant_contact_update: validation per field, only what changed is saved and audited."""

import pytest

from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry
from vangnet.tenants.services import PostalAddress, tenant_contact_update


def test_invalid_values_are_refused_per_field_and_nothing_is_saved(fatima):
    before = fatima.tenant.email
    with pytest.raises(ApplicationError, match="Niet alles is goed ingevuld") as refused:
        tenant_contact_update(
            tenant=fatima.tenant, email="nope", phone_mobile="abc", phone_home="", actor="test",
            address=PostalAddress("", "x", "", "12345", ""),
        )  # fmt: skip
    assert set(refused.value.extra["fields"]) == {
        "email",
        "phone_mobile",
        "street",
        "house_number",
        "postcode",
        "city",
    }
    fatima.tenant.refresh_from_db()
    assert fatima.tenant.email == before


def test_only_changes_are_saved_and_audited(fatima, in_woonstad):
    tenant = fatima.tenant
    assert (
        tenant_contact_update(
            tenant=tenant, email=tenant.email, phone_mobile=tenant.phone_mobile, phone_home="", actor="test"
        )
        == []
    )
    assert not AuditEntry.objects.filter(action="tenant.contact_updated").exists()
    changed = tenant_contact_update(
        tenant=tenant, email=" New@Example.NL ", phone_mobile="+31 6 1234 5678", phone_home="", actor="test"
    )
    assert changed == ["email", "phone_mobile"]
    tenant.refresh_from_db()
    assert (tenant.email, tenant.phone_mobile) == ("new@example.nl", "+31612345678")
    assert AuditEntry.objects.get(action="tenant.contact_updated").data == {"fields": changed}
