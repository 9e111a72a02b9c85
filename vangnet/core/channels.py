"""The one list of channel kinds: what a message travels by, and what a tenant may prefer.

Models store these values (messages, templates, flow steps, a tenant's preference); each field offers the
subset that makes sense for it. What a channel *does* (its address rule, restrictions, legal use, rendering,
sending and delivery reports) lives in `vangnet.messaging.channels`, one module per channel.
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Brief")
    VOICE = "voice", _("Spraakbericht")
    # A colleague's call: its script is a template, the call itself a task.
    CALL = "call", _("Belscript")
    # A tenant's preference to be phoned (imported from the ERP); no message is sent on it.
    PHONE = "phone", _("Telefoon")


# Kinds a message is delivered on (flow steps, the outbox); the channel registry registers one module each.
DELIVERY_KINDS = (ChannelKind.EMAIL, ChannelKind.SMS, ChannelKind.LETTER, ChannelKind.VOICE)
# Kinds a template is written for: the deliveries and the call script.
TEMPLATE_KINDS = (*DELIVERY_KINDS, ChannelKind.CALL)
# Kinds a tenant may prefer (ERP import, tenant card).
PREFERENCE_KINDS = (ChannelKind.EMAIL, ChannelKind.SMS, ChannelKind.LETTER, ChannelKind.PHONE)


def kind_choices(kinds: tuple[ChannelKind, ...]) -> list[tuple[str, str | Promise]]:
    """Field choices for a subset of the kinds, in the subset's order."""
    return [(kind.value, kind.label) for kind in kinds]
