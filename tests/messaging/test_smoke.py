from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import outbox_plan

from .factories import AS_OF, planned_step_runs


def test_plan_and_send_in_the_sandbox(corporation, letter_dir, django_capture_on_commit_callbacks):
    planned_step_runs(corporation, 2, channels=("email", "letter", "sms"))
    with django_capture_on_commit_callbacks(execute=True):
        summary = outbox_plan(corporation=corporation, as_of=AS_OF, actor="test")
    assert summary.created == 6
    statuses = list(OutgoingMessage.objects.values_list("channel", "status", "status_reason", "last_error"))
    assert all(s[1] == MessageStatus.SENT for s in statuses), statuses
    letter = OutgoingMessage.objects.filter(channel="letter").first()
    print(letter.body_text)
    email = OutgoingMessage.objects.filter(channel="email").first()
    print(email.subject, email.body_text)
    print(OutgoingMessage.objects.filter(channel="sms").first().body_text)
