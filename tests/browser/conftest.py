"""Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium (apt-get install chromium). Without it these
tests fail rather than skip, so a missing browser cannot hide a broken page.
"""

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.factories import PASSWORD
from tests.world import build_world, three_months
from vangnet.core.models import User
from vangnet.tenants.models import Tenant

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


# What a script sees while the browser swaps one document for the next (a click's navigation that is
# still committing when the next line runs): no document yet, or the old one torn down.
BETWEEN_DOCUMENTS = ("reading 'documentElement'", "Execution context was destroyed")


def settled[T](page: Page, run: Callable[[], T]) -> T:
    """Run a script on the page once it has loaded; when it ran between two documents, run it again."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return run()
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in BETWEEN_DOCUMENTS):
                raise
    raise AssertionError("unreachable")


class SerialWSGIServer(WSGIServer):
    """One request at a time. On SQLite the live server shares the test's in-memory connection, and two
    requests at once on one sqlite3 connection fail ("bad parameter or other API misuse": a page and its QR
    image, say). Without threads Django's server closes each connection after its response."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


if not os.environ.get("DATABASE_URL"):
    LiveServerThread.server_class = SerialWSGIServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
BLOCKING_IMPACTS = {"serious", "critical"}
# What chromium logs when a page answers 400: a refused form, on purpose. Tests expect it by its whole text,
# once per refusal, never by a substring that would forgive other errors.
REFUSED_FORM_ERROR = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (never `playwright install`)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@dataclass
class BrowserPage:
    page: Page
    viewport: str
    base_url: str
    console_errors: list[str]

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/inloggen/")
        self.page.get_by_label("Gebruikersnaam").fill(username)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url(self.base_url + "/")

    def assert_no_horizontal_scroll(self) -> None:
        """Wide tables scroll inside their own region; the page itself never scrolls sideways."""
        overflow = settled(
            self.page, lambda: self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        )
        assert overflow <= 0, f"page is {overflow}px wider than the {self.viewport} viewport"


@pytest.fixture
def browser_page(browser, viewport, live_server, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    # CSP violations and script errors show up on the console: a page must produce none.
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield BrowserPage(page=page, viewport=viewport, base_url=live_server.url, console_errors=errors)
    context.close()


@pytest.fixture(scope="session")
def axe():
    """axe(page, "what"): fails on any serious or critical accessibility violation."""
    checker = Axe()

    def check(page: Page, what: str) -> None:
        results = settled(page, lambda: checker.run(page))
        blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, f"axe on {what}:\n" + "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in blocking
        )

    return check


@dataclass
class BrowserWorld:
    user: User
    tenant: Tenant


@pytest.fixture
def world(transactional_db, settings) -> BrowserWorld:
    """A credit manager and one tenant with three months of rent, one and a half paid: € 1.043,25 open."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    built = build_world("Woonstad Utrecht", "woonstad")
    petra = built.add_staff("petra", signed_in=False, first_name="Petra")
    fatima = built.add_household(
        arrears=three_months(),
        tenant={
            "first_name": "Fatima",
            "last_name": "El Amrani",
            "postcode": "3511 AB",
            "house_number": "12",
            "no_voice_calls": True,
            "administrator_name": "Bewindvoering Utrecht B.V.",
            "administrator_email": "post@bewind-utrecht.example",
            "administrator_since": dt.date(2024, 6, 1),
        },
        source_id="HO-1001",
        unit__complex_name="De Linden",
    )
    for i in range(3):
        built.add_household(tenant={"last_name": f"Amrani-Smit {i}"})
    return BrowserWorld(user=petra.user, tenant=fatima.tenant)
