"""The whole test process lives on one test day, so no test depends on the day it runs.

The day is `VANGNET_TEST_TODAY` (YYYY-MM-DD) or, without it, the real date; the time is 10:00 in
Amsterdam and runs on from there. `scripts/test` runs SQLite today and PostgreSQL on the first Sunday at
least 30 days ahead.
time-machine moves Python's own clock, so Django's `timezone.now()`, `auto_now` fields and
`vangnet.core.clock` all agree on it.
"""

import contextlib
import datetime as dt
import functools
import os
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.core.management import BaseCommand
from django.test.client import ClientHandler
from django.utils import translation
from django_scopes import scopes_disabled
from django_scopes.state import state as scope_state

from tests import db_template
from vangnet.core.calendar import is_business_day
from vangnet.portal.hosts import host_memo_clear
from vangnet.portal.middleware import session_memo_clear

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_day() -> dt.date:
    configured = os.environ.get("VANGNET_TEST_TODAY")
    return dt.date.fromisoformat(configured) if configured else dt.datetime.now(AMSTERDAM).date()


_traveller = time_machine.travel(dt.datetime.combine(test_day(), dt.time(10), tzinfo=AMSTERDAM), tick=True)


def pytest_configure(config):
    _traveller.start()
    db_template.install()


def pytest_unconfigure(config):
    _traveller.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test fails the run: a test that cannot run there is a test that is lost."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which fails the run: {reason}"


def pytest_collection_modifyitems(config, items):
    """A test of a PostgreSQL fast path is left out of a SQLite run rather than skipped: the PostgreSQL run
    of the same suite is where it runs, and a skip would fail a run under CI=true."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept = [item for item in items if item.get_closest_marker("postgres_only") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def pytest_report_header(config):
    return f"test day: {test_day().isoformat()} (VANGNET_TEST_TODAY)"


@pytest.fixture
def business_day() -> dt.date:
    """The clock moved to the first business day from the test day (the same day on a weekday), for tests
    about what goes out on the day itself: nothing is sent on Sundays and public holidays."""
    day = test_day()
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=AMSTERDAM), tick=True):
        yield day


@contextlib.contextmanager
def production_scope() -> Iterator[None]:
    """No scope at all, as a request, a task or a command starts in production: code that forgets to
    activate its corporation's scope raises ScopeError here as it would there."""
    token = scope_state.set(None)
    try:
        yield
    finally:
        scope_state.reset(token)


def _in_production_scope(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with production_scope():
            return function(*args, **kwargs)

    wrapper.__wrapped_in_production_scope__ = True  # type: ignore[attr-defined]
    return wrapper


@functools.cache
def _vangnet_tasks() -> tuple:
    from django.utils.module_loading import autodiscover_modules

    from vangnet.celery import app

    autodiscover_modules("tasks")
    return tuple(task for name, task in app.tasks.items() if not name.startswith("celery."))


@pytest.fixture(autouse=True)
def _entry_points_run_scoped_like_production(monkeypatch):
    """What a test drives runs as in production: every request through the test client (views, portal, API,
    webhooks), every management command and every Celery task starts with no scope."""
    monkeypatch.setattr(ClientHandler, "__call__", _in_production_scope(ClientHandler.__call__))
    monkeypatch.setattr(BaseCommand, "execute", _in_production_scope(BaseCommand.execute))
    for task in _vangnet_tasks():
        monkeypatch.setattr(task, "run", _in_production_scope(task.run))


@pytest.fixture(autouse=True)
def _test_code_builds_across_corporations(_entry_points_run_scoped_like_production):
    """The test's own code builds and checks data of several corporations. Directories whose test code is
    scoped like production override this with a fixture that leaves scoping on (tests/portal/,
    tests/payments/, tests/api/test_scope_without_test_defaults.py); see docs/development/recipes.md."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _dutch_until_a_test_says_otherwise():
    """The test client's requests activate the language of the page they asked for and leave it active in
    the thread (a server activates one on every request). A test that read pages in English must not make
    the next test's services speak English: every test starts in Dutch, the product's language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_host_memo():
    """The portal remembers corporations per process for a minute; SQLite hands a rolled-back test's ids out
    again, so every test starts with an empty memo (cases, campaigns, payments and the portal all ask it), and
    with an empty cache of the overview's fragments."""
    host_memo_clear()
    session_memo_clear()
    caches["portal"].clear()
    yield
    host_memo_clear()
    session_memo_clear()
    caches["portal"].clear()


@pytest.fixture(autouse=True)
def _password_sign_in_is_enough(settings):
    """Most tests sign staff in with force_login; tests/backoffice/test_two_factor.py requires the app code."""
    settings.VANGNET_STAFF_2FA = "optional"
