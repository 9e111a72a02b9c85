"""The API as in production: no scope is active around the request, so the key's scope must do the work."""

import pytest
from django_scopes import ScopeError, get_scope, scopes_disabled

from tests.api.clients import make_client
from vangnet.tenants.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_code_builds_across_corporations():
    """Overrides the suite-wide fixture: no scope at all around the requests."""
    yield


def test_a_key_reads_its_corporation_without_any_outer_scope():
    with scopes_disabled():
        api_a = make_client("woonstad", "Woonstad")
        api_b = make_client("thuisbest", "Thuisbest")
        for client, name in ((api_a, "Jansen"), (api_b, "Bakker")):
            Tenant.objects.create(corporation=client.corporation, source_id="T1", last_name=name)
    with pytest.raises(ScopeError, match=r"A scope on dimension\(s\) corporation needs to be active"):
        Tenant.objects.count()  # proves no scope is active around the requests below

    assert api_a.get("/api/v1/tenants/T1").json()["last_name"] == "Jansen"
    assert api_b.get("/api/v1/tenants/T1").json()["last_name"] == "Bakker"
    assert api_a.get("/api/v1/imports").json() == {"items": [], "count": 0}
    # Nothing is left active after the requests.
    assert "corporation" not in get_scope()
    with pytest.raises(ScopeError, match=r"A scope on dimension\(s\) corporation needs to be active"):
        Tenant.objects.count()
