"""Dispatch: re-checks at send time, retries with backoff, fallback channels, and crash recovery."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.world import pay_entry, standing_computed
from vangnet.flows.models import EnrollmentStatus, Hold, HoldKind
from vangnet.messaging import dispatch
from vangnet.messaging.channels.base import DeliveryError
from vangnet.messaging.channels.sandbox import SandboxChannel
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import outbox_plan
from vangnet.messaging.tasks import dispatch_batch_task

from .factories import AS_OF, planned_step_runs


def _plan(corporation, count=1, **kwargs):
    runs = planned_step_runs(corporation, count, **kwargs)
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")  # on_commit not run: rows stay queued
    return runs


def _deliver(corporation, now=None):
    ids = list(OutgoingMessage.objects.filter(status=MessageStatus.QUEUED).values_list("pk", flat=True))
    return dispatch.messages_deliver(corporation=corporation, message_ids=ids, now=now or timezone.now())


def test_a_tenant_who_paid_since_planning_gets_nothing(corporation):
    runs = _plan(corporation, 2, channels=("email", "sms"))
    paid = runs[0].enrollment.contract
    pay_entry(paid, Decimal("1043.25"), dt.date(2025, 3, 9))
    standing_computed(paid, as_of=AS_OF)
    summary = _deliver(corporation)
    assert (summary.sent, summary.withheld) == (2, 2)
    withheld = OutgoingMessage.objects.filter(contract=paid)
    assert {(m.status, m.status_reason) for m in withheld} == {
        (MessageStatus.WITHHELD, "geen achterstand meer")
    }
    assert all(m.body_text == "" for m in withheld)


@pytest.mark.parametrize("status", [EnrollmentStatus.HELD, EnrollmentStatus.CLOSED])
def test_an_enrollment_that_is_no_longer_active_is_withheld(corporation, status):
    runs = _plan(corporation, 1)
    runs[0].enrollment.status = status
    runs[0].enrollment.save()
    _deliver(corporation)
    message = OutgoingMessage.objects.get()
    assert message.status == MessageStatus.WITHHELD and message.status_reason.startswith("dossier is")


def test_an_arrangement_hold_withholds(corporation):
    runs = _plan(corporation, 1)
    Hold.objects.create(
        corporation=corporation,
        contract=runs[0].enrollment.contract,
        kind=HoldKind.ARRANGEMENT,
        source_key="arr-1",
        reason="regeling",
        starts_on=timezone.localdate(),
    )
    _deliver(corporation)
    assert OutgoingMessage.objects.get().status_reason == "wachtcode op het contract"


def test_no_voice_calls_is_checked_again_at_send_time(corporation, letter_dir):
    runs = _plan(corporation, 1, channels=("voice",))
    tenant = runs[0].enrollment.contract.parties.get().tenant
    tenant.no_voice_calls = True
    tenant.save()
    summary = _deliver(corporation)
    voice = OutgoingMessage.objects.get(channel="voice")
    assert (voice.status, voice.status_reason) == (MessageStatus.WITHHELD, "geen spraakberichten")
    # The step's fallback channel (a letter) takes over.
    letter = OutgoingMessage.objects.get(pk__in=summary.fallbacks)
    assert (letter.channel, letter.substituted_for, letter.status) == (
        "letter",
        "voice",
        MessageStatus.QUEUED,
    )


def test_a_permanent_error_fails_at_once(corporation, monkeypatch):
    _plan(corporation, 1, channels=("sms",))
    monkeypatch.setattr(
        SandboxChannel,
        "send",
        lambda self, m, r: (_ for _ in ()).throw(DeliveryError("nummer bestaat niet", True)),
    )
    summary = _deliver(corporation)
    assert summary.failed == 1 and OutgoingMessage.objects.get(channel="sms").status == MessageStatus.FAILED


class Crash(BaseException):
    """The worker dies: nothing after this point runs, not even except-Exception handlers."""


def test_a_crash_during_dispatch_then_a_restart_sends_each_message_once(
    corporation, monkeypatch, django_capture_on_commit_callbacks
):
    _plan(corporation, 6, channels=("email",))
    batch = OutgoingMessage.objects.first().batch
    sent: list[str] = []
    real_send = SandboxChannel.send

    def send(self, message, rendered):
        if len(sent) == 3 and not crashed:
            crashed.append(True)
            raise Crash("the worker died while sending")
        sent.append(str(message.code))
        return real_send(self, message, rendered)

    crashed: list[bool] = []
    monkeypatch.setattr(SandboxChannel, "send", send)
    with pytest.raises(Crash, match="the worker died while sending"):
        dispatch_batch_task(batch.pk)
    statuses = sorted(OutgoingMessage.objects.values_list("status", flat=True))
    assert statuses.count(MessageStatus.SENT) == 3 and statuses.count(MessageStatus.SENDING) == 3
    # A restart right away leaves the claimed rows alone (the other worker might still be busy) ...
    dispatch_batch_task(batch.pk)
    assert len(sent) == 3
    # ... and after STALE_AFTER the recovered rows go out, each once.
    later = timezone.now() + dispatch.STALE_AFTER + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    dispatch_batch_task(batch.pk)
    assert sorted(sent) == sorted(str(c) for c in OutgoingMessage.objects.values_list("code", flat=True))
    assert len(set(sent)) == 6
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}


def test_two_claims_on_the_same_rows_never_both_win(corporation):
    _plan(corporation, 4)
    ids = list(OutgoingMessage.objects.values_list("pk", flat=True))
    now = timezone.now()
    first = dispatch.claim(corporation=corporation, message_ids=ids, now=now)
    second = dispatch.claim(corporation=corporation, message_ids=ids, now=now)
    assert OutgoingMessage.objects.filter(claim=first).count() == 4
    assert OutgoingMessage.objects.filter(claim=second).count() == 0


def test_partial_payment_is_rendered_with_the_current_amounts(corporation):
    runs = _plan(corporation, 1, channels=("email",))
    contract = runs[0].enrollment.contract
    pay_entry(contract, Decimal("347.75"), dt.date(2025, 3, 9))
    standing_computed(contract, as_of=AS_OF)
    _deliver(corporation)
    assert "€ 695,50" in OutgoingMessage.objects.get().body_text


def test_the_sweeper_sends_retries_and_later_messages_when_their_time_comes(corporation, monkeypatch):
    from vangnet.messaging.tasks import dispatch_due_task

    later = timezone.now() + dt.timedelta(hours=3)
    _plan(corporation, 1, channels=("email",), send_at=later)
    _plan(corporation, 1, channels=("sms",))
    assert dispatch_due_task() == 1
    assert OutgoingMessage.objects.get(channel="sms").status == MessageStatus.SENT
    assert OutgoingMessage.objects.get(channel="email").status == MessageStatus.QUEUED
    monkeypatch.setattr(timezone, "now", lambda: later + dt.timedelta(minutes=1))
    assert dispatch_due_task() == 1
    assert OutgoingMessage.objects.get(channel="email").status == MessageStatus.SENT


def test_messages_in_a_batch_under_review_are_not_sent_by_the_sweeper(corporation):
    from vangnet.messaging.models import MessagingSettings
    from vangnet.messaging.tasks import dispatch_due_task

    MessagingSettings.objects.filter(corporation=corporation).update(review_batches=True)
    _plan(corporation, 2)
    assert dispatch_due_task() == 0
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {MessageStatus.IN_REVIEW}
