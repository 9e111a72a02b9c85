"""SMS and voice callbacks: refused without a token in production, and only for a message of their own
channel."""

import urllib.parse

import pytest

from vangnet.messaging.models import MessageStatus, OutgoingMessage

from .test_twilio import _deliver, _signed_post, fake_twilio  # noqa: F401 (a fixture)

UNKNOWN = "8c5b1f0e-0000-4000-8000-000000000000"
PATHS = [
    f"/webhooks/berichten/twilio/sms/{UNKNOWN}/",
    f"/webhooks/berichten/twilio/voice/{UNKNOWN}/status/",
    f"/webhooks/berichten/twilio/voice/{UNKNOWN}/keuze/",
]


def unsigned(client, path: str, fields: dict):
    return client.post(path, urllib.parse.urlencode(fields), content_type="application/x-www-form-urlencoded")


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_production_without_a_token_refuses_every_callback(client, settings, path):
    settings.VANGNET_ENV = "production"
    settings.MESSAGING_TWILIO_AUTH_TOKEN = ""
    assert unsigned(client, path, {"MessageStatus": "delivered", "Digits": "2"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_the_demo_without_a_token_takes_them(client, settings, path):
    settings.VANGNET_ENV = "demo"
    settings.MESSAGING_TWILIO_AUTH_TOKEN = ""
    assert unsigned(client, path, {"MessageStatus": "delivered"}).status_code == 200


def test_a_call_status_for_an_sms_changes_nothing(corporation, fake_twilio, client, letter_dir):  # noqa: F811
    _deliver(corporation, "sms")
    message = OutgoingMessage.objects.get()
    status_before = message.status
    path = f"/webhooks/berichten/twilio/voice/{message.code}/status/"
    assert _signed_post(client, path, {"CallStatus": "busy"}).status_code == 200
    message.refresh_from_db()
    assert message.status == status_before != MessageStatus.FAILED
    assert not OutgoingMessage.objects.filter(substituted_for="sms").exists()
    # Its own channel's callback still counts.
    path = f"/webhooks/berichten/twilio/sms/{message.code}/"
    assert _signed_post(client, path, {"MessageStatus": "delivered"}).status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
