"""No technical strings on any screen a person sees (issue 13): the demo is walked page by page as every staff
role and as tenants in the portal, in Dutch and in English, and every page's visible text is read for
identifiers, codes, Python values, English values on Dutch pages, decimal points, paths, glued plurals and
untranslated placeholders (tests/demo/screen_text.py names the rules)."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.demo.crawler import Crawl, plain_urls
from tests.demo.screen_text import findings, visible_text
from vangnet.arrangements.models import Arrangement
from vangnet.core.models import User
from vangnet.demo.setup import DEMO_STAFF, seed_demo
from vangnet.disputes.models import Dispute
from vangnet.ledger.models import ContractTenant
from vangnet.messaging.links import portal_token
from vangnet.tenants.models import Tenant

pytestmark = [pytest.mark.django_db, pytest.mark.crawl]

# Strings that look technical but are what a person must read: (pages, pattern, reason).
ALLOWED = (
    (r"", r"\bNL\d{2}[A-Z]{4}\d{10}\b", "an IBAN is quoted as the bank writes it"),
    (r"", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "an e-mail address is shown so staff can check or use it"),
    (r"", r"\bhttps?://\S+", "a link the tenant or a colleague copies"),
    (r"", r"\b(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|eu)\b(?:/\S*)?", "a web address to visit"),
    (r"", r"[\w-]+\.(?:csv|json|xlsx|xml|pdf)\b", "a file's name as the ERP or the bank wrote it"),
    (r"^/berichten/sjablonen/\d+/", r"\{\{ ?\w+ ?\}\}", "the template editor lists the placeholders to type"),
    (
        r"^/berichten/\d+/$",
        r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b",
        "the message code quoted to support",
    ),
)


def allowed_for(url: str) -> list[str]:
    return [pattern for pages, pattern, _reason in ALLOWED if re.match(pages, url)]


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        return seed_demo(tenancies=40, months=3, as_of=timezone.localdate()).corporation


def _staff(username: str, language: str) -> Client:
    client = Client()
    with scopes_disabled():
        client.force_login(User.objects.get(username=username))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _tenants(corporation) -> list[int]:
    """Tenants whose portal shows the most: one with a dispute, one with an arrangement, one in arrears."""
    with scopes_disabled():
        contracts = [
            Dispute.objects.filter(corporation=corporation).values_list("contract_id", flat=True).first(),
            Arrangement.objects.filter(corporation=corporation).values_list("contract_id", flat=True).first(),
            ContractTenant.objects.filter(corporation=corporation, contract__standing__balance__gt=0)
            .values_list("contract_id", flat=True)
            .first(),
        ]
        return list(
            dict.fromkeys(
                ContractTenant.objects.filter(contract_id=contract)
                .values_list("tenant_id", flat=True)
                .first()
                for contract in contracts
                if contract is not None
            )
        )


def _tenant(corporation, tenant_id: int, language: str) -> Client:
    client = Client()
    token = portal_token(corporation_id=corporation.pk, tenant_id=tenant_id)
    assert client.get(f"/portaal/link/{token}/").status_code == 302
    # The second check, as tests/portal/conftest.py passes it, opens the pages behind it (contact details).
    with scopes_disabled():
        tenant = Tenant.objects.get(pk=tenant_id)
    answer = (
        {"birth_date": tenant.birth_date.strftime("%d-%m-%Y")}
        if tenant.birth_date
        else {"postcode": tenant.postcode, "house_number": tenant.house_number}
    )
    assert client.post("/portaal/controle/", answer).status_code == 302
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _walk(demo, language: str) -> tuple[list[str], int]:
    problems: list[str] = []
    visited = 0
    people = [(login.username, _staff(login.username, language), ["/"]) for login in DEMO_STAFF]
    people += [(f"tenant {pk}", _tenant(demo, pk, language), ["/portaal/"]) for pk in _tenants(demo)]
    for who, client, starts in people:
        # Every kind of page twice in Dutch; once in English, where the texts are the translations.
        crawl = Crawl(client, per_pattern=2 if language == "nl" else 1)
        for page in crawl.pages([*starts, *plain_urls()]):
            visited += 1
            for rule, found, text in findings(visible_text(page.html), language, allowed_for(page.url)):
                problems.append(f"{language} {who} {page.url}: {rule} {found!r} in {text!r}")
        problems += [f"{language} {who} {error}" for error in crawl.errors]
    return problems, visited


def test_no_page_of_the_demo_shows_a_technical_string(demo):
    problems, visited = _walk(demo, "nl")
    english, visited_in_english = _walk(demo, "en")
    unique = sorted(dict.fromkeys(problems + english))
    assert not unique, f"{len(unique)} technical strings:\n" + "\n".join(unique)
    # Every role and the portal were walked: the back office's page kinds and the tenant's.
    assert visited > 250, visited
    assert visited_in_english > 200, visited_in_english
