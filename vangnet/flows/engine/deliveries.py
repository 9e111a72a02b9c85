"""Who gets a step's message, over which channel, in which tone: pure functions over a tenant's facts.

Channel restrictions are honoured on every step and every substitution is written down, so a colleague can
see why a tenant got a letter instead of an SMS. A tenant with an active administrator (bewindvoerder) is
never written to directly: everything goes to the administrator, by email or post only.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from vangnet.core.channels import ChannelKind
from vangnet.messaging.channels import ContactPoints, channels

LEGAL_NOTICE_ONLY = "wettelijke brief"


@dataclass(frozen=True)
class TenantFacts(ContactPoints):
    """The contact points the channels read, and what decides the tone and language."""

    language: str = "nl"
    tone: str = ""
    birth_date: date | None = None
    administrator_active: bool = False


def tone_for(facts: TenantFacts, *, as_of: date, informal_below_age: int) -> str:
    """'je' or 'u': the tenant's own choice, else by age; unknown age and administrators get 'u'."""
    if facts.administrator_active:
        return "u"
    if facts.tone in ("je", "u"):
        return facts.tone
    if facts.birth_date is not None and relativedelta(as_of, facts.birth_date).years < informal_below_age:
        return "je"
    return "u"


def language_for(facts: TenantFacts) -> str:
    return "nl" if facts.administrator_active else (facts.language or "nl")


def plan_deliveries(
    asked_channels: Sequence[str], fallback: str, facts: TenantFacts, *, legal: bool = False
) -> tuple[list[dict], list[str]]:
    """The deliveries for one step, and notes on what could not be sent.

    Each asked channel is used when the channel registry allows it for this person; otherwise the step's
    fallback, then a letter. A legal notice (the 14-day letter) may only travel on a channel that may carry
    one (letter or email). Two asks that end on the same channel send once.
    """
    recipient = "administrator" if facts.administrator_active else "tenant"
    name = facts.administrator_name if facts.administrator_active else facts.name
    legal_kinds = channels.legal_kinds()
    deliveries: dict[str, dict] = {}
    notes: list[str] = []
    for asked in asked_channels:
        options = [asked, fallback, ChannelKind.LETTER] if fallback else [asked, ChannelKind.LETTER]
        if legal:
            options = [option for option in options if option in legal_kinds]
        chosen = next(
            (o for o in dict.fromkeys(options) if not channels.unreachable(o, facts, recipient)), None
        )
        if legal and asked not in legal_kinds:
            why = LEGAL_NOTICE_ONLY
        else:
            why = channels.unreachable(asked, facts, recipient)
        if chosen is None:
            notes.append(f"{channels.noun(asked)} niet mogelijk ({why}) en geen alternatief")
            continue
        if chosen in deliveries:
            continue
        note = ""
        if chosen != asked:
            note = f"{channels.noun(chosen)} in plaats van {channels.noun(asked)}: {why}"
            notes.append(note)
        deliveries[chosen] = {
            "channel": str(chosen),
            "recipient": recipient,
            "name": name,
            "address": channels.address(chosen, facts, recipient),
            "substituted_for": asked if chosen != asked else None,
            "note": note,
        }
    if facts.administrator_active and deliveries:
        notes.insert(0, f"aan bewindvoerder {facts.administrator_name}")
    return list(deliveries.values()), notes
