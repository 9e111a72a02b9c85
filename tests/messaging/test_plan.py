"""outbox_plan: StepRun deliveries become outbox rows once, set-based, grouped in daily batches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CorporationFactory
from vangnet.messaging.models import (
    Batch,
    BatchStatus,
    MessageStatus,
    MessageTemplate,
    MessagingSettings,
    OutgoingMessage,
)
from vangnet.messaging.services import outbox_plan, templates_install_defaults

from .factories import AS_OF, FlowStepFactory, planned_step_runs


@pytest.fixture
def review_on(corporation):
    MessagingSettings.objects.filter(corporation=corporation).update(review_batches=True)
    return corporation


def test_each_delivery_becomes_one_message_and_a_rerun_creates_nothing(review_on):
    runs = planned_step_runs(review_on, 3, channels=("email", "letter"))
    summary = outbox_plan(corporation=review_on, as_of=AS_OF, actor="run")
    assert (summary.step_runs, summary.created, summary.in_review) == (3, 6, 6)
    message = OutgoingMessage.objects.get(step_run=runs[0], channel="email")
    assert message.tenant == runs[0].enrollment.contract.parties.get().tenant
    assert message.status == MessageStatus.IN_REVIEW
    assert message.template.code == "herinnering-vriendelijk" and message.template.tone == "u"
    again = outbox_plan(corporation=review_on, as_of=AS_OF, actor="run")
    assert (again.step_runs, again.created) == (0, 0)
    assert OutgoingMessage.objects.count() == 6


def test_batches_per_flow_and_day(review_on):
    planned_step_runs(review_on, 2)
    other_step = FlowStepFactory(version__flow__corporation=review_on, corporation=review_on)
    planned_step_runs(review_on, 1, step=other_step)
    summary = outbox_plan(corporation=review_on, as_of=AS_OF, actor="run")
    batches = Batch.objects.filter(corporation=review_on, day=AS_OF)
    assert len(summary.batches) == 2 == batches.count()
    assert all(b.status == BatchStatus.IN_REVIEW for b in batches)
    assert sorted(b.messages.count() for b in batches) == [1, 2]


def _plan_queries(corporation, count):
    planned_step_runs(corporation, count, channels=("email", "sms", "letter"))
    with CaptureQueriesContext(connection) as queries:
        summary = outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    assert summary.created == 3 * count
    return len(queries)


def test_planning_is_set_based(db):
    small, large = CorporationFactory(), CorporationFactory()
    for corporation in (small, large):
        templates_install_defaults(corporation=corporation)
        MessagingSettings.objects.create(corporation=corporation, review_batches=True)
    assert _plan_queries(small, 2) == _plan_queries(large, 25)


def test_without_review_the_batch_is_dispatched_after_commit(
    corporation, letter_dir, django_capture_on_commit_callbacks
):
    planned_step_runs(corporation, 2, channels=("email", "letter"))
    with django_capture_on_commit_callbacks(execute=True):
        summary = outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    assert summary.queued == 4
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert set(OutgoingMessage.objects.values_list("transport", flat=True)) == {"sandbox"}


def test_missing_template_and_language_fallback_are_recorded(review_on):
    runs = planned_step_runs(review_on, 1, channels=("voice",), template_code="zakelijk-aanmaning")
    runs += planned_step_runs(review_on, 1, channels=("email",), language="tr", tone="je")
    MessageTemplate.objects.filter(
        corporation=review_on, language="tr"
    ).delete()  # texts a corporation removed
    outbox_plan(corporation=review_on, as_of=AS_OF, actor="run")
    voice = OutgoingMessage.objects.get(step_run=runs[0])
    assert voice.status == MessageStatus.FAILED and "Geen sjabloon" in voice.status_reason
    turkish = OutgoingMessage.objects.get(step_run=runs[1])
    assert turkish.template.language == "nl" and turkish.template.tone == "je"
    assert turkish.notes == ["Geen tekst in taal 'tr': Nederlands gebruikt."]


def test_two_corporations_never_share_batches_or_messages(review_on):
    other = CorporationFactory()
    templates_install_defaults(corporation=other)
    planned_step_runs(review_on, 1)
    planned_step_runs(other, 2)
    outbox_plan(corporation=review_on, as_of=AS_OF, actor="run")
    assert OutgoingMessage.objects.filter(corporation=other).count() == 0
    outbox_plan(corporation=other, as_of=AS_OF, actor="run")
    assert set(
        OutgoingMessage.objects.filter(corporation=other).values_list("batch__corporation", flat=True)
    ) == {other.pk}


def test_a_turkish_tenant_gets_turkish_texts_and_dutch_only_where_the_turkish_text_is_gone(review_on):
    runs = planned_step_runs(
        review_on, 2, channels=("sms", "email"), template_code="herinnering-sms", language="tr"
    )
    outbox_plan(corporation=review_on, as_of=AS_OF, actor="run")
    for channel in ("sms", "email"):
        message = OutgoingMessage.objects.get(step_run=runs[0], channel=channel)
        assert message.template.language == "tr" and message.notes == []
    OutgoingMessage.objects.filter(step_run=runs[1]).delete()
    MessageTemplate.objects.filter(
        corporation=review_on, code="herinnering-sms", channel="email", language="tr"
    ).delete()
    outbox_plan(corporation=review_on, as_of=AS_OF, actor="run")
    email = OutgoingMessage.objects.get(step_run=runs[1], channel="email")
    assert email.template.language == "nl" and "Nederlands gebruikt" in email.notes[0]
