"""E-mail against a real SMTP server (aiosmtpd), and the bounce webhook."""

import json
import re

import pytest
from django.utils import timezone

from vangnet.messaging import dispatch
from vangnet.messaging.models import MessageStatus, MessagingSettings, OutgoingMessage
from vangnet.messaging.services import outbox_plan

from .factories import AS_OF, planned_step_runs
from .servers import SmtpServer


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server


@pytest.fixture
def live(corporation):
    MessagingSettings.objects.filter(corporation=corporation).update(sandbox=False)
    return corporation


def _send(corporation, *, code="herinnering-vriendelijk", count=1, **kwargs):
    runs = planned_step_runs(corporation, count, channels=("email",), template_code=code, **kwargs)
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    ids = list(OutgoingMessage.objects.filter(status=MessageStatus.QUEUED).values_list("pk", flat=True))
    summary = dispatch.messages_deliver(corporation=corporation, message_ids=ids, now=timezone.now())
    return runs, summary


def test_reminder_email_headers_and_body(live, smtp):
    runs, summary = _send(live, count=2)
    assert summary.sent == 2 and len(smtp.sink.received) == 2
    tenant = runs[0].enrollment.contract.parties.get().tenant
    message = OutgoingMessage.objects.get(tenant=tenant)
    received = next(r for r in smtp.sink.received if r.rcpt_tos == [tenant.email])
    email = received.message
    assert received.mail_from == "huurincasso@devang.example"
    assert email["From"] == "Woonstichting De Vang <huurincasso@devang.example>"
    assert email["To"] == f"{tenant.display_name} <{tenant.email}>"
    assert email["Subject"] == "Herinnering: de huur is nog niet betaald"
    assert email["Message-ID"] == f"<{message.code}@vangnet.invalid>"
    assert email["Reply-To"] == "huurincasso@devang.example"
    assert email["List-Unsubscribe"].startswith("<mailto:huurincasso@devang.example?subject=")
    assert email["Auto-Submitted"] == "auto-generated"
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    # SMTP writes CRLF line ends and ends a part with a line end; the stored bodies are the message's own.
    assert text.replace("\r\n", "\n").rstrip("\n") == message.body_text.rstrip("\n")
    assert html.replace("\r\n", "\n").rstrip("\n") == message.body_html.rstrip("\n")
    assert text.startswith(f"Beste J. {tenant.last_name},")
    assert "€ 1.043,25" in text and f"/betalen/{message.code}/" in text
    assert "01-03-2025  Huur 03-2025  € 695,50" in text
    assert '<a href="http://127.0.0.1:8000/betalen/' in html and "<table" in html
    assert message.status == MessageStatus.SENT and message.transport == "smtp"
    assert message.provider_id == email["Message-ID"]


def test_informal_tone_and_no_unsubscribe_on_legal_notices(live, smtp):
    _send(live, code="veertiendagenbrief", tone="je")
    email = smtp.sink.received[0].message
    assert email["List-Unsubscribe"] is None
    text = email.get_body(("plain",)).get_content()
    assert text.startswith("Beste J. Jansen")  # a legal notice greets formally, whatever the tone
    # An email is a "bericht": the term wording names what the tenant received.
    assert "binnen veertien dagen vanaf de dag nadat dit bericht bij u is bezorgd" in text
    assert "deze brief" not in text
    assert "Betaalt u niet op tijd, dan moet u ook € 156,49 incassokosten betalen." in text
    assert "dagtekening" not in text


def test_a_refused_recipient_is_a_permanent_failure_with_fallback(live, smtp, letter_dir):
    runs = planned_step_runs(live, 1, channels=("email",))
    tenant = runs[0].enrollment.contract.parties.get().tenant
    smtp.sink.refuse.add(tenant.email)
    outbox_plan(corporation=live, as_of=AS_OF, actor="run")
    message = OutgoingMessage.objects.get()
    summary = dispatch.messages_deliver(corporation=live, message_ids=[message.pk], now=timezone.now())
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and "550" in message.last_error
    assert OutgoingMessage.objects.get(pk__in=summary.fallbacks).channel == "letter"


def test_an_unreachable_server_is_retried(live, settings):
    settings.MAILERS = SmtpServer().mailers  # not started: connection refused
    _, summary = _send(live)
    message = OutgoingMessage.objects.get()
    assert summary.retry == 1 and message.status == MessageStatus.QUEUED and message.retry_after


def test_bounce_webhook(live, smtp, client, settings, letter_dir):
    settings.MESSAGING_WEBHOOK_TOKEN = "geheim-token"
    _send(live)
    message = OutgoingMessage.objects.get()
    url = "/webhooks/berichten/email/"
    payload = {
        "message_id": f"<{message.code}@vangnet.invalid>",
        "event": "bounce",
        "permanent": True,
        "reason": "5.1.1 user unknown",
    }
    assert client.post(url, json.dumps(payload), content_type="application/json").status_code == 403
    auth = {"HTTP_AUTHORIZATION": "Bearer geheim-token"}
    response = client.post(url, json.dumps(payload), content_type="application/json", **auth)
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.BOUNCED and message.last_error == "5.1.1 user unknown"
    # What a colleague reads: words, not the mail server's code.
    assert message.status_reason == "Het e-mailadres bestaat niet of neemt geen e-mail aan."
    assert OutgoingMessage.objects.filter(channel="letter", substituted_for="email").count() == 1
    unknown = {"code": "00000000-0000-0000-0000-000000000000", "event": "bounce"}
    assert client.post(url, json.dumps(unknown), content_type="application/json", **auth).status_code == 200


def test_the_bodies_are_transfer_encoded_and_decode_to_utf8(live, smtp):
    _send(live)
    raw = smtp.sink.received[0].content
    # Only 7-bit lines on the wire: the euro sign travels encoded and comes back whole.
    assert raw.isascii()
    encodings = set(re.findall(rb"Content-Transfer-Encoding: ([\w-]+)", raw))
    assert encodings and encodings <= {b"quoted-printable", b"base64"}
    email = smtp.sink.received[0].message
    assert "€" in email.get_body(("plain",)).get_content()
    assert "€" in email.get_body(("html",)).get_content()


def _one_email(corporation):
    runs = planned_step_runs(corporation, 1, channels=("email",))
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    return runs[0].enrollment.contract.parties.get().tenant, OutgoingMessage.objects.get()


def test_a_451_for_the_recipient_stays_queued_and_goes_out_when_the_server_takes_it(live, smtp):
    tenant, message = _one_email(live)
    smtp.sink.rcpt_replies[tenant.email] = "451 4.7.1 Greylisted, please try again later"
    now = timezone.now()
    summary = dispatch.messages_deliver(corporation=live, message_ids=[message.pk], now=now)
    message.refresh_from_db()
    assert (summary.retry, summary.failed, summary.fallbacks) == (1, 0, [])
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert message.retry_after == now + dispatch.RETRY_DELAYS[0]
    assert message.last_error == "SMTP weigert ontvanger: [451]"
    print(repr(message.recipient_name), smtp.sink.received[0].content[:400] if smtp.sink.received else "")
    assert smtp.sink.received == []
    # Before its time the retry is not claimed; at its time the server accepts it.
    assert dispatch.messages_deliver(corporation=live, message_ids=[message.pk], now=now).claimed == 0
    del smtp.sink.rcpt_replies[tenant.email]
    summary = dispatch.messages_deliver(corporation=live, message_ids=[message.pk], now=message.retry_after)
    message.refresh_from_db()
    assert (summary.sent, message.status, message.attempts) == (1, MessageStatus.SENT, 2)
    assert (message.last_error, message.retry_after) == ("", None)
    assert [r.rcpt_tos for r in smtp.sink.received] == [[tenant.email]]


def test_a_451_after_the_data_is_retried_with_backoff_then_fails_and_falls_back(live, smtp, letter_dir):
    tenant, message = _one_email(live)
    smtp.sink.data_replies[tenant.email] = "451 4.3.0 Mail server temporarily rejected message"
    now = timezone.now()
    for attempt in range(1, dispatch.MAX_ATTEMPTS):
        summary = dispatch.messages_deliver(corporation=live, message_ids=[message.pk], now=now)
        message.refresh_from_db()
        assert summary.retry == 1
        assert (message.status, message.attempts) == (MessageStatus.QUEUED, attempt)
        assert message.retry_after == now + dispatch.RETRY_DELAYS[attempt - 1]
        assert (
            message.last_error == "SMTP weigert bericht: 451 4.3.0 Mail server temporarily rejected message"
        )
        now = message.retry_after
    summary = dispatch.messages_deliver(corporation=live, message_ids=[message.pk], now=now)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, dispatch.MAX_ATTEMPTS)
    assert message.status_reason == "De mailserver van de ontvanger heeft de e-mail geweigerd."
    fallback = OutgoingMessage.objects.get(pk__in=summary.fallbacks)
    assert (fallback.channel, fallback.substituted_for, fallback.status) == ("letter", "email", "queued")
    print(repr(message.recipient_name), smtp.sink.received[0].content[:400] if smtp.sink.received else "")
    assert smtp.sink.received == []


def test_a_550_after_the_data_fails_at_once_with_the_servers_reason(live, smtp, letter_dir):
    tenant, message = _one_email(live)
    smtp.sink.data_replies[tenant.email] = "550 5.7.1 Message rejected as spam"
    summary = dispatch.messages_deliver(corporation=live, message_ids=[message.pk], now=timezone.now())
    message.refresh_from_db()
    assert (summary.sent, summary.retry, summary.failed) == (0, 0, 1)
    assert (message.status, message.attempts, message.retry_after) == (MessageStatus.FAILED, 1, None)
    assert message.last_error == "SMTP weigert bericht: 550 5.7.1 Message rejected as spam"
    assert message.status_reason == "De mailserver van de ontvanger heeft de e-mail geweigerd."
    assert OutgoingMessage.objects.get(pk__in=summary.fallbacks).channel == "letter"
    print(repr(message.recipient_name), smtp.sink.received[0].content[:400] if smtp.sink.received else "")
    assert smtp.sink.received == []


def test_a_550_for_one_recipient_leaves_the_others_in_the_same_connection(live, smtp, letter_dir):
    runs = planned_step_runs(live, 3, channels=("email",))
    outbox_plan(corporation=live, as_of=AS_OF, actor="run")
    refused = runs[1].enrollment.contract.parties.get().tenant
    smtp.sink.data_replies[refused.email] = "550 5.1.1 User unknown"
    ids = list(OutgoingMessage.objects.order_by("pk").values_list("pk", flat=True))
    summary = dispatch.messages_deliver(corporation=live, message_ids=ids, now=timezone.now())
    assert (summary.sent, summary.failed) == (2, 1)
    statuses = dict(OutgoingMessage.objects.filter(pk__in=ids).values_list("address", "status"))
    assert statuses.pop(refused.email) == MessageStatus.FAILED
    assert set(statuses.values()) == {MessageStatus.SENT}
    assert len(smtp.sink.received) == 2


def test_a_name_with_a_line_break_adds_no_header_and_is_never_sent(live, smtp, letter_dir):
    # A name stored before imports refused line breaks: it must not become a Bcc to a stranger.
    planned_step_runs(live, 1, channels=("email",))
    outbox_plan(corporation=live, as_of=AS_OF, actor="run")
    message = OutgoingMessage.objects.get(channel="email")
    OutgoingMessage.objects.filter(pk=message.pk).update(recipient_name="Jansen\r\nBcc: buurman@example.org")
    dispatch.messages_deliver(corporation=live, message_ids=[message.pk], now=timezone.now())
    message.refresh_from_db()
    assert smtp.sink.received == []
    assert message.status == MessageStatus.FAILED
    assert message.last_error.startswith("onveilige kopregel: regeleinde of stuurteken in een kopregel")
