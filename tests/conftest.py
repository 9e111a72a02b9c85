"""The whole test process lives on one test day, so no test depends on the day it runs.

The day is `VANGNET_TEST_TODAY` (YYYY-MM-DD) or, without it, the real date; the time is 10:00 in
Amsterdam and runs on from there. `.ci/run` runs the suite again on the next Sunday and 30 days ahead.
time-machine moves Python's own clock, so Django's `timezone.now()`, `auto_now` fields and
`vangnet.core.clock` all agree on it.
"""

import datetime as dt
import os
import zoneinfo

import pytest
import time_machine
from django_scopes import scopes_disabled

from vangnet.flows.legal.calendar import is_business_day

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_day() -> dt.date:
    configured = os.environ.get("VANGNET_TEST_TODAY")
    return dt.date.fromisoformat(configured) if configured else dt.datetime.now(AMSTERDAM).date()


_traveller = time_machine.travel(dt.datetime.combine(test_day(), dt.time(10), tzinfo=AMSTERDAM), tick=True)


def pytest_configure(config):
    _traveller.start()


def pytest_unconfigure(config):
    _traveller.stop()


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


@pytest.fixture(autouse=True)
def _scopes_disabled_by_default():
    """Tests build data freely; views, the API and the portal activate their own scope as in production."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _password_sign_in_is_enough(settings):
    """Most tests sign staff in with force_login; tests/backoffice/test_two_factor.py requires the app code."""
    settings.VANGNET_STAFF_2FA = "optional"
