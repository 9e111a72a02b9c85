"""Channels: one module per channel behind `base.Channel`, registered once in `registry.channels`."""

from vangnet.messaging.channels.base import (
    Channel,
    ContactPoints,
    DeliveryError,
    DeliveryReport,
    Receipt,
    Restriction,
)
from vangnet.messaging.channels.registry import (
    ChannelRegistry,
    address_for,
    channels,
    get_channel,
    restriction_for,
)

__all__ = [
    "Channel",
    "ChannelRegistry",
    "ContactPoints",
    "DeliveryError",
    "DeliveryReport",
    "Receipt",
    "Restriction",
    "address_for",
    "channels",
    "get_channel",
    "restriction_for",
]
