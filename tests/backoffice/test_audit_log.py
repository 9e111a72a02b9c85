"""The audit log reads as sentences in the reader's language: every action the code writes has one, the
process that acted is named by what it is, the tenant by name, and an entry's data shows as the facts a
person reads (never a stored dict)."""

import re
from pathlib import Path

import pytest

import vangnet
from tests.world import staff_member
from vangnet.core.audit import log_action
from vangnet.core.audit_text import ACTIONS, actor_name
from vangnet.core.models import Role

pytestmark = pytest.mark.django_db

WRITTEN = (
    re.compile(r'action(?::\s*str)?\s*=\s*"([a-z_]+\.[a-z_]+)"'),
    re.compile(r'"((?:arrangement|dispute|tenant)\.[a-z_]+)"'),
)
PORTAL = re.compile(r'_timeline\(\s*tenant,\s*"([a-z_]+)"', re.MULTILINE)


def _written_actions() -> set[str]:
    found: set[str] = set()
    for path in Path(vangnet.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in WRITTEN:
            found |= set(pattern.findall(text))
        found |= {f"portal.{name}" for name in PORTAL.findall(text)}
    # Strings that look like actions but are not: permission names and file names.
    return {a for a in found if not a.endswith((".csv", ".export", ".search", ".view", ".tenant"))}


def test_every_action_the_code_writes_has_a_sentence():
    written = _written_actions()
    assert len(written) > 140, len(written)
    assert sorted(written - set(ACTIONS)) == []


def test_the_audit_log_shows_sentences_names_and_facts_not_codes(staff_a, settings):
    settings.LANGUAGE_CODE = "nl"
    admin = staff_member(staff_a.corporation, username="beheerder", role=Role.ADMIN, first_name="Joost")
    tenant = staff_a.tenant
    log_action(
        corporation=staff_a.corporation,
        actor="run_day",
        action="arrangement.requested",
        obj=tenant,
        data={"rule": "too_many_installments", "total": "1827.36", "installments": 9, "iban": True},
    )
    log_action(
        corporation=staff_a.corporation,
        actor=admin.user,
        action="tenant.contact_updated",
        obj=tenant,
        data={"fields": ["phone_mobile", "preferred_channel"], "reason": "Nieuw nummer doorgegeven"},
    )
    page = admin.client.get("/beheer/logboek/").content.decode()
    assert "Betalingsregeling aangevraagd" in page
    assert "de dagelijkse run" in page
    assert "totaal: € 1.827,36 · termijnen: 9" in page
    assert "Contactgegevens gewijzigd" in page
    assert "Nieuw nummer doorgegeven" in page
    assert tenant.display_name in page
    for code in (
        "arrangement.requested",
        "too_many_installments",
        "run_day",
        "{&#x27;",
        "phone_mobile",
        "1827.36",
    ):
        assert code not in page

    admin.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = admin.client.get("/beheer/logboek/").content.decode()
    assert "Payment arrangement requested" in english
    assert "arrangement.requested" not in english


def test_processes_are_named_by_what_they_are_and_people_by_their_username():
    assert actor_name("run_day") == "de dagelijkse run"
    assert actor_name("cli:ingest") == "een opdracht op de server"
    assert actor_name("api:erp-koppeling") == "de koppeling erp-koppeling"
    assert actor_name("sanne.visser") == "sanne.visser"
