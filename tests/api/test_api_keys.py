import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from vangnet.core.api_keys import (
    PREFIX_LENGTH,
    ApiKeyRejected,
    api_key_create,
    api_key_for_secret,
    api_key_list,
    api_key_record_use,
    api_key_revoke,
)
from vangnet.core.errors import ApplicationError
from vangnet.core.models import ApiKey, AuditEntry, Corporation

pytestmark = pytest.mark.django_db


@pytest.fixture
def corporation():
    return Corporation.objects.create(slug="woonstad", name="Woonstad")


def test_create_stores_prefix_and_hash_never_the_secret(corporation):
    key, secret = api_key_create(corporation=corporation, name="ERP", actor="test")

    key.refresh_from_db()
    assert len(secret) >= 40
    assert key.prefix == secret[:PREFIX_LENGTH]
    assert key.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {key.key_hash, key.name}
    entry = AuditEntry.objects.get(action="api_key.created")
    assert entry.corporation == corporation
    assert entry.object_id == str(key.pk)
    assert secret not in str(entry.data)


def test_each_key_is_different(corporation):
    secrets = {api_key_create(corporation=corporation, name=f"k{i}", actor="test")[1] for i in range(5)}
    assert len(secrets) == 5
    assert ApiKey.objects.values("prefix").distinct().count() == 5


def test_create_requires_a_name(corporation):
    with pytest.raises(ApplicationError, match="An API key needs a name"):
        api_key_create(corporation=corporation, name="  ", actor="test")


def test_secret_finds_its_key(corporation):
    key, secret = api_key_create(corporation=corporation, name="ERP", actor="test")
    assert api_key_for_secret(secret) == key


@pytest.mark.parametrize(
    "mutate", [lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"), lambda s: s[:8], str.upper]
)
def test_wrong_secret_is_rejected(corporation, mutate):
    _, secret = api_key_create(corporation=corporation, name="ERP", actor="test")
    with pytest.raises(ApiKeyRejected, match="Unknown"):
        api_key_for_secret(mutate(secret))


def test_revoked_key_is_rejected_and_revoking_twice_is_harmless(corporation):
    key, secret = api_key_create(corporation=corporation, name="ERP", actor="test")

    api_key_revoke(api_key=key, actor="test")
    revoked_at = key.revoked_at
    api_key_revoke(api_key=key, actor="test")

    with pytest.raises(ApiKeyRejected, match="revoked"):
        api_key_for_secret(secret)
    key.refresh_from_db()
    assert key.revoked_at == revoked_at
    assert AuditEntry.objects.filter(action="api_key.revoked").count() == 1


def test_last_used_is_written_at_most_once_a_minute(corporation):
    key, _ = api_key_create(corporation=corporation, name="ERP", actor="test")
    start = timezone.now()

    api_key_record_use(api_key=key, now=start)
    api_key_record_use(api_key=key, now=start + timedelta(seconds=30))
    key.refresh_from_db()
    assert key.last_used_at == start

    api_key_record_use(api_key=key, now=start + timedelta(seconds=61))
    key.refresh_from_db()
    assert key.last_used_at == start + timedelta(seconds=61)


def test_list_shows_only_the_corporations_keys(corporation):
    other = Corporation.objects.create(slug="other", name="Other")
    mine, _ = api_key_create(corporation=corporation, name="mine", actor="test")
    api_key_create(corporation=other, name="theirs", actor="test")
    assert api_key_list(corporation=corporation) == [mine]


def test_command_prints_the_key_once(corporation):
    out, err = StringIO(), StringIO()
    call_command("create_api_key", corporation="woonstad", name="ERP nightly", stdout=out, stderr=err)

    secret = out.getvalue().strip()
    key = api_key_for_secret(secret)
    assert key.corporation == corporation
    assert key.name == "ERP nightly"
    assert secret not in err.getvalue()


def test_command_rejects_an_unknown_corporation(db):
    with pytest.raises(CommandError, match="nope"):
        call_command("create_api_key", corporation="nope", name="ERP", stdout=StringIO(), stderr=StringIO())
