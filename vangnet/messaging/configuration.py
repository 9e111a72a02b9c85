"""A corporation's messaging settings (review batches, sandbox or live) and what the installation has
configured for each channel. Secrets (the Twilio token, SMTP passwords) stay in the environment: this
module only says whether they are set, never what they are."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.messaging.models import MessagingSettings


@dataclass(frozen=True)
class ChannelSetup:
    channel: str
    provider: str
    configured: bool
    sender: str


def channel_setup(*, corporation: Corporation) -> list[ChannelSetup]:
    """Per channel: the provider, whether its credentials are set (in the environment) and the sender."""
    mailer: dict = settings.MAILERS.get(settings.MESSAGING_MAILER, {})
    twilio = bool(settings.MESSAGING_TWILIO_ACCOUNT_SID and settings.MESSAGING_TWILIO_AUTH_TOKEN)
    email_sender = corporation.sender_email or settings.DEFAULT_FROM_EMAIL
    return [
        ChannelSetup(_("E-mail"), _("Mailserver (SMTP)"), bool(mailer.get("BACKEND")), email_sender),
        ChannelSetup(
            _("SMS"), "Twilio", twilio, corporation.sms_sender or settings.MESSAGING_TWILIO_SMS_FROM or ""
        ),
        ChannelSetup(_("Spraakbericht"), "Twilio", twilio, settings.MESSAGING_TWILIO_VOICE_FROM or ""),
        ChannelSetup(
            _("Brief"), _("Afdrukken in Vangnet"), True, corporation.sender_name or corporation.name
        ),
    ]


@transaction.atomic
def messaging_settings_update(
    *,
    corporation: Corporation,
    review_batches: bool,
    sandbox: bool,
    actor: Actor,
    letter_postage: Decimal | None = None,
    letter_page_cost: Decimal | None = None,
    sms_segment_cost: Decimal | None = None,
) -> MessagingSettings:
    """The review and sandbox switches, and (when given) what a letter, a page and a text message cost."""
    if sandbox and not settings.VANGNET_MESSAGING_SANDBOX:
        raise ApplicationError(_("Op deze installatie kan de testomgeving (sandbox) niet aan."))
    prices = {
        "letter_postage": letter_postage,
        "letter_page_cost": letter_page_cost,
        "sms_segment_cost": sms_segment_cost,
    }
    if any(price is not None and price < 0 for price in prices.values()):
        raise ApplicationError(_("Een prijs kan niet lager zijn dan nul."))
    found, _created = MessagingSettings.objects.get_or_create(corporation=corporation)
    found.review_batches, found.sandbox = review_batches, sandbox
    changed = {name: price for name, price in prices.items() if price is not None}
    for name, price in changed.items():
        setattr(found, name, price)
    found.save(update_fields=["review_batches", "sandbox", *changed])
    log_action(
        corporation=corporation,
        actor=actor,
        action="messaging.settings_changed",
        obj=found,
        data={"review_batches": review_batches, "sandbox": sandbox}
        | {name: str(price) for name, price in changed.items()},
    )
    return found
