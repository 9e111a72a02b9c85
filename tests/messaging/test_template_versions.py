"""Versions of a template's text: each save is a new numbered version, a sent message keeps the version it
was rendered from, an old version can be used again, and the migration gives every template its version 1."""

import importlib

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import UserFactory
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.messaging import dispatch
from vangnet.messaging.models import MessageStatus, MessageTemplate, OutgoingMessage, TemplateVersion
from vangnet.messaging.services import outbox_plan, template_restore, template_update

from .factories import AS_OF, planned_step_runs

FILL = importlib.import_module("vangnet.messaging.migrations.0009_fill_template_versions")


def _reminder(corporation, channel="email") -> MessageTemplate:
    return MessageTemplate.objects.get(
        corporation=corporation, code="herinnering-vriendelijk", channel=channel, language="nl", tone="u"
    )


def _versions(template) -> list[tuple[int, str, str, int | None]]:
    return [
        (v.number, v.body_text, v.saved_by, v.restored_from)
        for v in TemplateVersion.objects.filter(template=template).order_by("number")
    ]


def _send_one(corporation) -> OutgoingMessage:
    planned_step_runs(corporation, 1, channels=("email",))
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    queued = list(OutgoingMessage.objects.filter(status=MessageStatus.QUEUED).values_list("pk", flat=True))
    dispatch.messages_deliver(corporation=corporation, message_ids=queued, now=timezone.now())
    return OutgoingMessage.objects.get(pk=queued[0])


def test_every_shipped_text_starts_as_version_1(corporation):
    templates = MessageTemplate.objects.filter(corporation=corporation).select_related("current_version")
    assert templates.count() > 10
    assert {(t.current_version.number, t.current_version.body_text == t.body_text) for t in templates} == {
        (1, True)
    }
    assert TemplateVersion.objects.filter(corporation=corporation).count() == templates.count()


def test_each_save_is_the_next_version_and_the_old_ones_stay(corporation):
    template = _reminder(corporation)
    first_text = template.body_text
    editor = UserFactory(username="m.jansen")
    template_update(
        template=template, subject="Herinnering", body_text="Beste {{ naam }}, één.", actor=editor
    )
    template_update(
        template=template, subject="Herinnering", body_text="Beste {{ naam }}, twee.", actor=editor
    )
    # The same text again is no new version.
    template_update(
        template=template, subject="Herinnering", body_text="Beste {{ naam }}, twee.", actor=editor
    )
    assert _versions(template) == [
        (1, first_text, "vangnet", None),
        (2, "Beste {{ naam }}, één.", "m.jansen", None),
        (3, "Beste {{ naam }}, twee.", "m.jansen", None),
    ]
    template.refresh_from_db()
    assert (template.current_version.number, template.body_text) == (3, "Beste {{ naam }}, twee.")
    assert timezone.localdate(template.current_version.saved_at) == clock.today()


def test_a_refused_text_makes_no_version(corporation):
    template = _reminder(corporation)
    with pytest.raises(ApplicationError, match=r"Onbekend veld: \{\{ bedragg \}\}"):
        template_update(template=template, subject="", body_text="{{ bedragg }}", actor=UserFactory())
    assert [number for number, *_rest in _versions(template)] == [1]


def test_restoring_an_old_version_saves_its_text_as_the_next_version(corporation):
    template = _reminder(corporation)
    first_text = template.body_text
    editor = UserFactory(username="s.bakker")
    template_update(template=template, subject="Anders", body_text="Beste {{ naam }}, nieuw.", actor=editor)
    template_restore(template=template, number=1, actor=editor)
    assert _versions(template)[-1] == (3, first_text, "s.bakker", 1)
    template.refresh_from_db()
    assert (template.body_text, template.current_version.number) == (first_text, 3)
    with pytest.raises(ApplicationError, match=r"Versie 3 is al de tekst die nu wordt gebruikt\."):
        template_restore(template=template, number=3, actor=editor)
    with pytest.raises(ApplicationError, match=r"Versie 9 van deze tekst bestaat niet\."):
        template_restore(template=template, number=9, actor=editor)
    assert len(_versions(template)) == 3


def test_a_sent_message_keeps_the_version_it_was_rendered_from(corporation):
    before = _send_one(corporation)
    assert before.status == MessageStatus.SENT
    assert before.template_version.number == 1
    template = _reminder(corporation)
    template_update(
        template=template,
        subject="Nieuwe herinnering",
        body_text="Beste {{ naam }}, versie twee: {{ achterstand }}.",
        actor=UserFactory(),
    )
    after = _send_one(corporation)
    assert (after.template_version.number, after.subject) == (2, "Nieuwe herinnering")
    assert "versie twee: € 1.043,25" in after.body_text
    # The message sent before is untouched: still version 1 and its own text.
    before.refresh_from_db()
    assert before.template_version.number == 1
    assert "versie twee" not in before.body_text


def test_a_message_not_sent_yet_has_no_version(corporation):
    planned_step_runs(corporation, 1, channels=("email",))
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    assert OutgoingMessage.objects.get().template_version is None


def test_the_migration_gives_each_template_without_a_version_its_version_1(corporation):
    template = _reminder(corporation, channel="sms")
    untouched = _reminder(corporation)
    own = MessageTemplate.objects.filter(pk=template.pk)
    own.update(current_version=None, body_text="Eigen tekst {{ naam }}", updated_by="k.devries")
    TemplateVersion.objects.filter(template=template).delete()
    with connection.cursor() as cursor:
        cursor.execute(FILL.FILL_VERSIONS)
        cursor.execute(FILL.POINT_TO_VERSIONS)
    template.refresh_from_db()
    assert _versions(template) == [(1, "Eigen tekst {{ naam }}", "k.devries", None)]
    assert template.current_version.saved_at == template.updated_at
    # A template that had its version keeps it, and gets no second one.
    assert [number for number, *_rest in _versions(untouched)] == [1]
