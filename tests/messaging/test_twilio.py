# Turkish texts keep their own letters (the dotless i): the ambiguity is intended.
# ruff: noqa: RUF001
"""SMS and voice through a local server that speaks Twilio's documented API, with the status webhooks."""

import base64
import urllib.parse

import pytest
from django.utils import timezone

from vangnet.messaging import dispatch
from vangnet.messaging.channels import twilio
from vangnet.messaging.models import MessageStatus, MessagingSettings, OutgoingMessage
from vangnet.messaging.services import outbox_plan
from vangnet.tasks.models import Task

from .factories import AS_OF, planned_step_runs
from .servers import FakeTwilio

SID, TOKEN = "AC" + "1" * 32, "test-auth-token"


@pytest.fixture
def fake_twilio(settings, corporation):
    MessagingSettings.objects.filter(corporation=corporation).update(sandbox=False)
    with FakeTwilio() as fake:
        settings.MESSAGING_TWILIO_BASE_URL = fake.base_url
        settings.MESSAGING_TWILIO_ACCOUNT_SID = SID
        settings.MESSAGING_TWILIO_AUTH_TOKEN = TOKEN
        settings.MESSAGING_TWILIO_VOICE_FROM = "+31850000000"
        settings.VANGNET_PUBLIC_URL = "http://testserver"
        yield fake


def _deliver(corporation, channel, count=1, **kwargs):
    runs = planned_step_runs(corporation, count, channels=(channel,), **kwargs)
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    ids = list(OutgoingMessage.objects.filter(status=MessageStatus.QUEUED).values_list("pk", flat=True))
    return runs, dispatch.messages_deliver(corporation=corporation, message_ids=ids, now=timezone.now())


def _signed_post(client, path, fields):
    url = "http://testserver" + path
    return client.post(
        path,
        urllib.parse.urlencode(fields),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=twilio.signature(url, fields, TOKEN),
    )


def test_sms_is_sent_through_the_messages_api(corporation, fake_twilio):
    _, summary = _deliver(corporation, "sms", template_code="herinnering-sms")
    assert summary.sent == 1
    request = fake_twilio.requests[0]
    message = OutgoingMessage.objects.get()
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request.authorization == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert request.fields["To"] == "+31612345678" and request.fields["From"] == "DeVang"
    assert request.fields["Body"] == message.body_text
    assert request.fields["Body"].startswith(
        "Woonstichting De Vang: de huur van € 1.043,25 is nog niet betaald."
    )
    assert (
        request.fields["StatusCallback"] == f"http://testserver/webhooks/berichten/twilio/sms/{message.code}/"
    )
    assert message.provider_id.startswith("SM") and message.segments == 2


def test_sms_delivery_reports(corporation, fake_twilio, client, letter_dir):
    _deliver(corporation, "sms", count=2)
    first, second = OutgoingMessage.objects.order_by("pk")
    path = f"/webhooks/berichten/twilio/sms/{first.code}/"
    fields = {"MessageSid": first.provider_id, "MessageStatus": "delivered"}
    forged = client.post(
        path, urllib.parse.urlencode(fields), content_type="application/x-www-form-urlencoded"
    )
    assert forged.status_code == 403
    assert _signed_post(client, path, fields).status_code == 200
    first.refresh_from_db()
    assert first.status == MessageStatus.DELIVERED and first.delivered_at
    path = f"/webhooks/berichten/twilio/sms/{second.code}/"
    fields = {"MessageSid": second.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    assert _signed_post(client, path, fields).status_code == 200
    second.refresh_from_db()
    assert second.status == MessageStatus.FAILED and "30003" in second.last_error
    assert second.status_reason == "De telefoon was niet bereikbaar (uitgeschakeld of buiten bereik)."
    assert OutgoingMessage.objects.filter(substituted_for="sms", channel="letter").count() == 1
    unknown = "/webhooks/berichten/twilio/sms/8c5b1f0e-0000-4000-8000-000000000000/"
    assert _signed_post(client, unknown, {"MessageStatus": "delivered"}).status_code == 200
    assert _signed_post(client, "/webhooks/berichten/twilio/sms/not-a-code/", {}).status_code == 200


def test_invalid_number_is_permanent_and_a_server_error_is_retried(corporation, fake_twilio):
    fake_twilio.invalid.add("+31612345678")
    _, summary = _deliver(corporation, "sms")
    assert summary.failed == 1 and "21211" in OutgoingMessage.objects.get(channel="sms").last_error
    assert OutgoingMessage.objects.get(channel="sms").status_reason == "Het telefoonnummer is ongeldig."
    fake_twilio.invalid.clear()
    fake_twilio.fail_next = 1
    OutgoingMessage.objects.all().delete()
    _, summary = _deliver(corporation, "sms")
    assert summary.retry == 1


def test_voice_call_with_twiml_and_key_options(
    corporation, fake_twilio, client, django_capture_on_commit_callbacks
):
    _, summary = _deliver(corporation, "voice", template_code="spraakbericht-herinnering")
    assert summary.sent == 1
    call = fake_twilio.requests[0]
    message = OutgoingMessage.objects.get()
    assert call.path == f"/2010-04-01/Accounts/{SID}/Calls.json"
    assert call.fields["To"] == "+31612345678" and call.fields["From"] == "+31850000000"
    twiml = call.fields["Twiml"]
    assert '<Gather input="dtmf" numDigits="1"' in twiml and '<Say language="nl-NL">' in twiml
    assert f'action="http://testserver/webhooks/berichten/twilio/voice/{message.code}/keuze/"' in twiml
    assert "1043 euro en 25 cent" in twiml and "Druk op 1" in twiml
    assert (
        call.fields["StatusCallback"]
        == f"http://testserver/webhooks/berichten/twilio/voice/{message.code}/status/"
    )

    # Key 1: an SMS with the payment link goes out at once.
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_post(
            client, f"/webhooks/berichten/twilio/voice/{message.code}/keuze/", {"Digits": "1"}
        )
    assert response.status_code == 200 and b"<Say" in response.content
    sms = OutgoingMessage.objects.get(channel="sms")
    assert sms.template_code == "betaallink" and sms.status == MessageStatus.SENT
    assert fake_twilio.requests[-1].fields["Body"].startswith("Woonstichting De Vang: hier is uw betaallink")
    # Twilio retries the same choice: nothing happens twice.
    _signed_post(client, f"/webhooks/berichten/twilio/voice/{message.code}/keuze/", {"Digits": "1"})
    assert OutgoingMessage.objects.filter(channel="sms").count() == 1

    response = _signed_post(
        client,
        f"/webhooks/berichten/twilio/voice/{message.code}/status/",
        {"CallSid": "CA1", "CallStatus": "completed"},
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED and message.response == "toets 1"


def test_key_two_creates_a_call_back_task(corporation, fake_twilio, client):
    _deliver(corporation, "voice", template_code="spraakbericht-herinnering")
    message = OutgoingMessage.objects.get()
    _signed_post(client, f"/webhooks/berichten/twilio/voice/{message.code}/keuze/", {"Digits": "2"})
    task = Task.objects.get(source_key=f"voice:{message.code}")
    assert task.kind == "call" and task.tenant_id == message.tenant_id


def test_no_voice_calls_is_never_called(corporation, fake_twilio, letter_dir):
    runs = planned_step_runs(corporation, 1, channels=("voice",), template_code="spraakbericht-herinnering")
    tenant = runs[0].enrollment.contract.parties.get().tenant
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    tenant.no_voice_calls = True
    tenant.save()
    ids = list(OutgoingMessage.objects.values_list("pk", flat=True))
    dispatch.messages_deliver(corporation=corporation, message_ids=ids, now=timezone.now())
    assert fake_twilio.requests == []
    assert OutgoingMessage.objects.get(channel="voice").status == MessageStatus.WITHHELD


def test_a_turkish_voice_message_is_read_by_a_turkish_voice_and_answers_in_turkish(
    corporation, fake_twilio, client, django_capture_on_commit_callbacks
):
    _deliver(corporation, "voice", template_code="spraakbericht-herinnering", language="tr")
    message = OutgoingMessage.objects.get()
    assert message.template.language == "tr"
    twiml = fake_twilio.requests[0].fields["Twiml"]
    assert '<Say language="tr-TR">' in twiml and 'language="nl-NL"' not in twiml
    assert "1043 avro 25 sent" in twiml and "euro en" not in twiml
    assert "Bir seçim duymadık. Hoşça kalın." in twiml  # the goodbye when no key is pressed
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_post(
            client, f"/webhooks/berichten/twilio/voice/{message.code}/keuze/", {"Digits": "2"}
        )
    answer = response.content.decode()
    assert '<Say language="tr-TR">' in answer
    assert "Bir çalışanımız sizi en kısa sürede geri arayacak." in answer
