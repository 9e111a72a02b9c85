"""The template editor's history: the versions with date and colleague, an old version's text read-only, and
using an old version again (saved as a new version); who may do what."""

import re

import pytest
from django.test import Client

from tests.factories import CorporationFactory, MembershipFactory, UserFactory
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.messaging.models import MessageTemplate


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "nl"


def _client(corporation, role, username) -> Client:
    membership = MembershipFactory(corporation=corporation, role=role, user=UserFactory(username=username))
    client = Client()
    client.force_login(membership.user)
    return client


def _text(response) -> str:
    """The page as a person reads it: the words, without the markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_history_an_old_version_and_using_it_again(corporation):
    manager = _client(corporation, Role.MANAGER, "m.jansen")
    template = MessageTemplate.objects.get(
        corporation=corporation, code="herinnering-sms", channel="sms", language="nl", tone="u"
    )
    shipped = template.body_text
    page = f"/berichten/sjablonen/{template.pk}/"
    assert manager.post(page, {"body_text": "Hoi {{ naam }}, betaal {{ achterstand }}"}).status_code == 302
    history = _text(manager.get(page))
    today = f"{clock.today():%d-%m-%Y}"
    assert "Eerdere versies" in history
    assert f"Versie 2 {today}" in history and "m.jansen In gebruik" in history
    assert f"Versie 1 {today}" in history and "het systeem" in history

    old = _text(manager.get(f"{page}versies/1/"))
    assert "Herinnering per SMS, versie 1" in old
    assert "Dit is een oude versie. U kunt hem alleen lezen." in old
    assert " ".join(shipped.split()) in old
    assert "Tekst van versie 1 weer gebruiken" in old

    restored = manager.post(f"{page}versies/1/terugzetten/", follow=True)
    after = _text(restored)
    assert "De tekst van versie 1 wordt weer gebruikt. Hij is opgeslagen als versie 3." in after
    assert "Versie 3" in after and "Tekst van versie 1 teruggezet" in after
    template.refresh_from_db()
    assert template.body_text == shipped
    current = _text(manager.get(f"{page}versies/3/"))
    assert "Deze versie is de tekst die nu wordt gebruikt." in current
    assert "weer gebruiken" not in current


def test_a_credit_manager_reads_versions_but_cannot_restore_and_others_see_nothing(corporation):
    template = MessageTemplate.objects.get(
        corporation=corporation, code="herinnering-sms", channel="sms", language="nl", tone="u"
    )
    page = f"/berichten/sjablonen/{template.pk}/versies/1/"
    reader = _client(corporation, Role.CREDIT_MANAGER, "c.peters")
    text = _text(reader.get(page))
    assert "Deze versie is de tekst die nu wordt gebruikt." in text and "weer gebruiken" not in text
    assert reader.post(f"{page}terugzetten/").status_code == 403
    assert reader.get(f"/berichten/sjablonen/{template.pk}/versies/7/").status_code == 404
    stranger = _client(CorporationFactory(), Role.MANAGER, "a.vreemd")
    assert stranger.get(page).status_code == 404
    assert stranger.post(f"{page}terugzetten/").status_code == 404
