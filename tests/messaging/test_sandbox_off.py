"""In production the sandbox channel sends nothing and counts nothing as sent: the message waits."""

import pytest
from django.utils import timezone

from vangnet.messaging import dispatch
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import outbox_plan

from .factories import AS_OF, planned_step_runs


def _plan_and_deliver(corporation):
    planned_step_runs(corporation, 1, channels=("email",))
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    ids = list(OutgoingMessage.objects.filter(status=MessageStatus.QUEUED).values_list("pk", flat=True))
    return dispatch.messages_deliver(corporation=corporation, message_ids=ids, now=timezone.now())


def test_in_the_demo_the_sandbox_keeps_the_message_in_vangnet(corporation, settings):
    settings.VANGNET_MESSAGING_SANDBOX = True
    assert _plan_and_deliver(corporation).sent == 1
    assert OutgoingMessage.objects.get().status == MessageStatus.SENT


@pytest.mark.django_db
def test_in_production_a_sandboxed_message_is_not_sent_but_waits(corporation, settings):
    settings.VANGNET_MESSAGING_SANDBOX = False
    summary = _plan_and_deliver(corporation)
    assert summary.sent == 0
    message = OutgoingMessage.objects.get()
    assert message.status != MessageStatus.SENT
    assert "stel de echte verzending in" in message.last_error
