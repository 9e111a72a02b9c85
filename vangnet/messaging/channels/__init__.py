"""Channels, lazily imported by kind (healthchecks' TRANSPORTS): nothing plugs in from outside."""

from functools import cache

from django.utils.module_loading import import_string

from vangnet.messaging.channels.base import Channel, DeliveryError, Receipt

CHANNELS = {
    "email": "vangnet.messaging.channels.email.EmailChannel",
    "sms": "vangnet.messaging.channels.sms.SmsChannel",
    "letter": "vangnet.messaging.channels.letter.LetterChannel",
    "voice": "vangnet.messaging.channels.voice.VoiceChannel",
}
SANDBOX = "vangnet.messaging.channels.sandbox.SandboxChannel"


@cache
def get_channel(kind: str, *, sandbox: bool = False) -> Channel:
    """The channel for `kind`; in the sandbox the same rendering, but nothing leaves Vangnet."""
    if kind not in CHANNELS:
        raise KeyError(f"unknown channel {kind!r}")
    real = import_string(CHANNELS[kind])()
    if sandbox:
        return import_string(SANDBOX)(real)
    return real


__all__ = ["CHANNELS", "Channel", "DeliveryError", "Receipt", "get_channel"]
