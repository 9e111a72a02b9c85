"""The channel registry: each channel registered once, asked by planning and by sending alike.

The flows engine, notices, manual messages and dispatch all ask `channels` which channels exist, why one
cannot be used for someone (`unreachable`: restrictions and missing contact points) and where it goes
(`address`); there is no second rule set.

To add a channel (say fax):
1. Write `vangnet/messaging/channels/fax.py` with a `Channel` subclass (see `base.py`): `kind`, `noun`,
   `restrictions`, `missing` (and `missing_for_administrator` when an administrator may get it), `legal`,
   `address`, `render`, `send`; and `webhook_route`, `webhook_name`, `delivery_report` when the provider
   reports delivery (the route is mounted under /webhooks/berichten/ by `messaging/urls.py`).
2. Register it at the end of this module: `channels.register(FaxChannel())`.
3. For the product (not needed in a test): add the kind and its label to `vangnet.core.channels.ChannelKind`
   and to `DELIVERY_KINDS` (the choices flows and templates offer; a choices-only migration), and default
   templates for it in `messaging/defaults/`.

A test registers a channel for its own duration: `with channels.registered(FakeChannel()): ...`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from vangnet.messaging.channels.base import Channel, ContactPoints
from vangnet.messaging.channels.contacts import contact_points
from vangnet.messaging.channels.email import EmailChannel
from vangnet.messaging.channels.letter import LetterChannel
from vangnet.messaging.channels.sandbox import SandboxChannel
from vangnet.messaging.channels.sms import SmsChannel
from vangnet.messaging.channels.voice import VoiceChannel
from vangnet.tenants.models import Tenant

UNKNOWN_CHANNEL = "onbekend kanaal"


class ChannelRegistry:
    def __init__(self) -> None:
        self._channels: dict[str, Channel] = {}

    def register(self, channel: Channel) -> Channel:
        if not channel.kind:
            raise ValueError(f"{type(channel).__name__} has no kind")
        self._channels[channel.kind] = channel
        return channel

    @contextmanager
    def registered(self, channel: Channel) -> Iterator[Channel]:
        """Register `channel` for the duration of the block (tests), then restore what was there."""
        previous = self._channels.get(channel.kind)
        self.register(channel)
        try:
            yield channel
        finally:
            if previous is None:
                del self._channels[channel.kind]
            else:
                self._channels[channel.kind] = previous

    def get(self, kind: str) -> Channel:
        if kind not in self._channels:
            raise KeyError(f"unknown channel {kind!r}")
        return self._channels[kind]

    def __contains__(self, kind: object) -> bool:
        return kind in self._channels

    def all(self) -> tuple[Channel, ...]:
        return tuple(self._channels.values())

    def kinds(self) -> tuple[str, ...]:
        return tuple(self._channels)

    def legal_kinds(self) -> tuple[str, ...]:
        """The channels that may carry a legal notice (the 14-day letter)."""
        return tuple(kind for kind, channel in self._channels.items() if channel.legal)

    def noun(self, kind: str) -> str:
        return self._channels[kind].noun if kind in self._channels else kind

    def unreachable(self, kind: str, contact: ContactPoints, recipient: str) -> str:
        """Why `kind` cannot be used for this recipient now, or ''."""
        if kind not in self._channels:
            return UNKNOWN_CHANNEL
        return self._channels[kind].unreachable(contact, recipient)

    def address(self, kind: str, contact: ContactPoints, recipient: str) -> str:
        return self.get(kind).address(contact, recipient)


channels = ChannelRegistry()
channels.register(EmailChannel())
channels.register(SmsChannel())
channels.register(LetterChannel())
channels.register(VoiceChannel())


def get_channel(kind: str, *, sandbox: bool = False) -> Channel:
    """The channel for `kind`; in the sandbox the same rendering, but nothing leaves Vangnet."""
    real = channels.get(kind)
    return SandboxChannel(real) if sandbox else real


def address_for(tenant: Tenant, kind: str, recipient: str = "tenant") -> tuple[str, str]:
    """(name, address) of a tenant or their administrator on a channel; '' when it does not reach them."""
    contact = contact_points(tenant)
    name = contact.administrator_name if recipient == "administrator" else contact.name
    return name, channels.address(kind, contact, recipient)


def restriction_for(tenant: Tenant, kind: str) -> str:
    """Why the tenant refused this channel, or ''."""
    return channels.get(kind).restricted(contact_points(tenant)) if kind in channels else ""
