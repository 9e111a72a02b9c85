"""Notices: a single message to a tenant about something that just happened to them.

A portal request that a colleague will look at, an arrangement's schedule, a broken arrangement, an invoice
copy. Unlike the flows' reminders these are never reviewed in a batch; they go out at once on the first
channel that reaches the tenant (or their administrator, the bewindvoerder) and that they have not refused.
"""

from datetime import date

from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.messaging.channels import address_for, restriction_for
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.outbox import message_manual_create
from vangnet.tenants.models import Tenant

NOTICE_CHANNELS = ("email", "sms", "letter")


def notice_recipient(tenant: Tenant) -> str:
    return "administrator" if tenant.administrator_name else "tenant"


def notice_channel(tenant: Tenant, *, preferred: tuple[str, ...] = NOTICE_CHANNELS) -> str | None:
    """The first channel in `preferred` with an address and without a restriction; None when none is left."""
    recipient = notice_recipient(tenant)
    for channel in preferred:
        if restriction_for(tenant, channel):
            continue
        if address_for(tenant, channel, recipient)[1]:
            return channel
    return None


def notice_send(
    *,
    tenant: Tenant,
    contract: Contract | None,
    template_code: str,
    as_of: date,
    actor: User | str,
    preferred: tuple[str, ...] = NOTICE_CHANNELS,
    ledger_entry: LedgerEntry | None = None,
) -> OutgoingMessage | None:
    """Send `template_code` to the tenant now; None when no channel reaches them (the caller makes a task)."""
    channel = notice_channel(tenant, preferred=preferred)
    if channel is None:
        return None
    try:
        return message_manual_create(
            tenant=tenant,
            contract=contract,
            template_code=template_code,
            channel=channel,
            as_of=as_of,
            actor=actor,
            recipient=notice_recipient(tenant),
            ledger_entry=ledger_entry,
        )
    except ApplicationError:
        # No template for this code in the corporation's set: the action itself must still stand.
        return None


CONTACT_CHANGED = "contactgegevens-gewijzigd"
# The contact details whose old value is told of a change, and the channel that reaches it.
CONTACT_CHANNELS = (("email", "email"), ("phone_mobile", "sms"))


def contact_change_notices(
    *, tenant: Tenant, previous: dict[str, str], as_of: date, actor: User | str
) -> list[OutgoingMessage]:
    """After the tenant's e-mail address or mobile number changed: a notice to the old address or number,
    so that a tenant whose details someone else changed hears of it where they still read. `previous` holds
    the values before the change."""
    sent = []
    for field, channel in CONTACT_CHANNELS:
        old = (previous.get(field) or "").strip()
        if not old or old == getattr(tenant, field):
            continue
        try:
            sent.append(
                message_manual_create(
                    tenant=tenant,
                    contract=None,
                    template_code=CONTACT_CHANGED,
                    channel=channel,
                    as_of=as_of,
                    actor=actor,
                    address=old,
                )
            )
        except ApplicationError:
            # No text for this code in the corporation's set: the change itself still stands.
            continue
    return sent
