"""What the portal's request path does for speed (issue 20) changes nothing a tenant sees: the session read
with a plain statement still ends at expiry and at logout, the tenant read the same way is the ORM's tenant,
the key query is prepared on PostgreSQL and short enough for psycopg's cache, and the cached menu follows
the page's language."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from vangnet.core.prepared import PSYCOPG_CACHED_STATEMENT_LENGTH
from vangnet.portal.overview_cache import key_sql
from vangnet.portal.session import session_tenant
from vangnet.tenants.models import Tenant


def test_the_key_query_fits_psycopgs_cache_of_parsed_statements():
    # Longer, psycopg parses the whole statement again on every visit: shorten the key query.
    assert len(key_sql()) <= PSYCOPG_CACHED_STATEMENT_LENGTH


def test_an_expired_session_opens_nothing(fatima_client):
    assert fatima_client.get("/portaal/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = fatima_client.get("/portaal/")
    assert response.status_code == 302
    assert response["Location"] == "/portaal/inloggen/"


def test_after_logging_out_the_old_session_cookie_opens_nothing(fatima_client):
    old_cookie = fatima_client.cookies["sessionid"].value
    assert fatima_client.post("/portaal/uitloggen/").status_code == 200  # "U bent uitgelogd"
    fatima_client.cookies["sessionid"] = old_cookie
    response = fatima_client.get("/portaal/")
    assert response.status_code == 302
    assert response["Location"] == "/portaal/inloggen/"


@scopes_disabled()
def test_the_sessions_tenant_is_the_orms_tenant(fatima):
    Tenant.objects.filter(pk=fatima.tenant.pk).update(anonymised_at=None, birth_date=dt.date(1980, 12, 31))
    expected = Tenant.objects.get(pk=fatima.tenant.pk)
    found = session_tenant(tenant_id=expected.pk, corporation_id=expected.corporation_id)
    assert found is not None
    names = [field.attname for field in Tenant._meta.concrete_fields]
    assert [getattr(found, name) for name in names] == [getattr(expected, name) for name in names]
    assert found.updated_at.tzinfo is not None
    assert session_tenant(tenant_id=expected.pk, corporation_id=expected.corporation_id + 1000) is None


@pytest.mark.postgres_only
def test_the_key_query_is_prepared_on_postgresql(fatima_client):
    for _ in range(2):
        assert fatima_client.get("/portaal/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    # psycopg sends the parameters apart, as $1, $2, ...
    key = key_sql().replace("%s", "$")
    assert [s for s in statements if s.startswith(key[:60]) and "$1" in s]


def test_the_cached_menu_speaks_the_pages_language(fatima_client):
    dutch = fatima_client.get("/portaal/").content.decode()
    assert "Mijn gegevens" in dutch
    assert "Ik wil iemand spreken" in dutch
    fatima_client.post("/i18n/setlang/", {"language": "en", "next": "/portaal/"})
    english = fatima_client.get("/portaal/").content.decode()
    assert "Mijn gegevens" not in english
    assert "Ik wil iemand spreken" not in english
    assert 'lang="en"' in english
