"""The records of getting in are kept six months: old portal access log entries, lockout counters and
expired sessions are deleted every night; recent ones, other audit entries and running lockouts stay."""

import datetime as dt
import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command

from tests.factories import CorporationFactory
from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.models import AccessThrottle, AuditEntry
from vangnet.daily.tasks import retention_task
from vangnet.privacy.retention import retention_apply

pytestmark = pytest.mark.django_db


ACCESS = ("portal_access_log", "access_throttle", "sessions")


def _access(report: dict) -> dict:
    """The records of getting in; the rest of the report is tests/privacy/test_retention.py's."""
    return {kind: report["deleted"][kind] for kind in ACCESS}


def _entry(corporation, action: str, age_days: int) -> AuditEntry:
    entry = log_action(corporation=corporation, actor="portal", action=action, data={})
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=clock.now() - dt.timedelta(days=age_days))
    return entry


@pytest.fixture
def world():
    now = clock.now()
    woonstad, thuisbest = CorporationFactory(slug="woonstad"), CorporationFactory(slug="thuisbest")
    old = [_entry(woonstad, "portal.opened", 200), _entry(thuisbest, "portal.access_refused", 190)]
    kept = [
        _entry(woonstad, "portal.opened", 20),
        _entry(thuisbest, "portal.check_failed", 182),
        # What colleagues did and the administration's own records are not part of this period.
        _entry(woonstad, "tenant.viewed", 400),
        _entry(thuisbest, "bank_import.applied", 2000),
    ]
    AccessThrottle.objects.create(key="portal-ip:old", window_started_at=now - dt.timedelta(days=200))
    AccessThrottle.objects.create(key="portal-ip:recent", window_started_at=now - dt.timedelta(days=3))
    AccessThrottle.objects.create(
        key="portal-ip:locked",
        window_started_at=now - dt.timedelta(days=200),
        locked_until=now + dt.timedelta(minutes=5),
    )
    expired, current = SessionStore(), SessionStore()
    expired.set_expiry(now - dt.timedelta(days=1))
    expired.create()
    current.create()
    return {"old": old, "kept": kept, "woonstad": woonstad, "thuisbest": thuisbest}


def test_old_access_records_go_and_everything_else_stays(world):
    report = retention_apply(now=clock.now(), actor="retention")
    assert _access(report) == {"portal_access_log": 2, "access_throttle": 1, "sessions": 1}
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in world["old"]]).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in world["kept"]]).count() == 4
    assert set(AccessThrottle.objects.values_list("key", flat=True)) == {
        "portal-ip:recent",
        "portal-ip:locked",
    }
    assert Session.objects.count() == 1
    # Each corporation's log says what was removed of its own rows; the platform's log the whole.
    done = AuditEntry.objects.filter(action="retention.applied")
    assert {
        (e.corporation_id, e.data["deleted"]["portal_access_log"]) for e in done.exclude(corporation=None)
    } == {
        (world["woonstad"].pk, 1),
        (world["thuisbest"].pk, 1),
    }
    assert done.get(corporation=None).data == report


def test_a_dry_run_counts_and_deletes_nothing_and_the_command_prints_json(world, capsys):
    call_command("retention", dry_run=True, json=True)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    printed = json.loads(last)
    assert printed["dry_run"] is True
    assert _access(printed) == {"portal_access_log": 2, "access_throttle": 1, "sessions": 1}
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in world["old"]]).count() == 2
    assert not AuditEntry.objects.filter(action="retention.applied").exists()


def test_the_nightly_task_runs_it(world):
    assert _access(retention_task.delay().get()) == {
        "portal_access_log": 2,
        "access_throttle": 1,
        "sessions": 1,
    }
    assert _access(retention_task.delay().get()) == {
        "portal_access_log": 0,
        "access_throttle": 0,
        "sessions": 0,
    }
