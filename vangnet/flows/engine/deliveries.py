"""Who gets a step's message, over which channel, in which tone: pure functions over a tenant's facts.

Channel restrictions are honoured on every step and every substitution is written down, so a colleague can
see why a tenant got a letter instead of an SMS. A tenant with an active administrator (bewindvoerder) is
never written to directly: everything goes to the administrator, by email or post only.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

EMAIL, SMS, LETTER, VOICE = "email", "sms", "letter", "voice"
LEGAL_CHANNELS = (LETTER, EMAIL)
CHANNEL_NAMES = {EMAIL: "e-mail", SMS: "SMS", LETTER: "brief", VOICE: "spraakbericht"}


@dataclass(frozen=True)
class TenantFacts:
    name: str
    email: str = ""
    phone_mobile: str = ""
    phone_home: str = ""
    postal_address: str = ""
    language: str = "nl"
    tone: str = ""
    birth_date: date | None = None
    no_voice_calls: bool = False
    no_sms: bool = False
    no_email: bool = False
    paper_only: bool = False
    administrator_name: str = ""
    administrator_email: str = ""
    administrator_address: str = ""
    administrator_active: bool = False
    organisation: bool = False


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


def _blocked_for_tenant(channel: str, facts: TenantFacts) -> str | None:
    """Why the tenant cannot be reached on this channel, or None when it is fine."""
    if channel == EMAIL:
        if facts.paper_only or facts.no_email:
            return "wil geen e-mail" if facts.no_email else "alleen post"
        return None if facts.email else "geen e-mailadres"
    if channel == SMS:
        if facts.paper_only or facts.no_sms:
            return "wil geen SMS" if facts.no_sms else "alleen post"
        return None if facts.phone_mobile else "geen mobiel nummer"
    if channel == VOICE:
        if facts.paper_only or facts.no_voice_calls:
            return "geen spraakberichten" if facts.no_voice_calls else "alleen post"
        return None if (facts.phone_mobile or facts.phone_home) else "geen telefoonnummer"
    if channel == LETTER:
        return None if facts.postal_address else "geen postadres"
    return "onbekend kanaal"


def _blocked_for_administrator(channel: str, facts: TenantFacts) -> str | None:
    if channel == EMAIL:
        return None if facts.administrator_email else "bewindvoerder heeft geen e-mailadres"
    if channel == LETTER:
        return None if facts.administrator_address else "geen postadres van bewindvoerder"
    return "naar een bewindvoerder alleen e-mail of post"


def letter_window(facts: TenantFacts) -> str:
    """The address window of a letter: it always names the debtor.

    To the tenant: their name above the address. To an administrator (bewindvoerder): the administrator's
    name, then on whose behalf ("bewindvoerder van" the tenant, the debtor), then the address in its lines.
    """
    if facts.administrator_active:
        lines = [
            facts.administrator_name,
            f"bewindvoerder van {facts.name}",
            *[part.strip() for part in facts.administrator_address.replace(",", "\n").splitlines()],
        ]
    else:
        lines = [facts.name, *facts.postal_address.splitlines()]
    return "\n".join(line for line in lines if line.strip())


def _address(channel: str, facts: TenantFacts) -> str:
    if channel == LETTER:
        return letter_window(facts)
    if facts.administrator_active:
        return facts.administrator_email
    return {
        EMAIL: facts.email,
        SMS: facts.phone_mobile,
        VOICE: facts.phone_mobile or facts.phone_home,
    }[channel]


def plan_deliveries(
    channels: Sequence[str], fallback: str, facts: TenantFacts, *, legal: bool = False
) -> tuple[list[dict], list[str]]:
    """The deliveries for one step, and notes on what could not be sent.

    Each asked channel is used when allowed; otherwise the step's fallback, then a letter. A legal notice
    (the 14-day letter) may only travel by letter or email. Two asks that end on the same channel send once.
    """
    blocked = _blocked_for_administrator if facts.administrator_active else _blocked_for_tenant
    recipient = "administrator" if facts.administrator_active else "tenant"
    name = facts.administrator_name if facts.administrator_active else facts.name
    deliveries: dict[str, dict] = {}
    notes: list[str] = []
    for asked in channels:
        options = [asked, fallback, LETTER] if fallback else [asked, LETTER]
        if legal:
            options = [option for option in options if option in LEGAL_CHANNELS]
        chosen = next((option for option in dict.fromkeys(options) if blocked(option, facts) is None), None)
        why = blocked(asked, facts) if not (legal and asked not in LEGAL_CHANNELS) else "wettelijke brief"
        if chosen is None:
            notes.append(f"{CHANNEL_NAMES.get(asked, asked)} niet mogelijk ({why}) en geen alternatief")
            continue
        if chosen in deliveries:
            continue
        note = ""
        if chosen != asked:
            note = f"{CHANNEL_NAMES[chosen]} in plaats van {CHANNEL_NAMES.get(asked, asked)}: {why}"
            notes.append(note)
        deliveries[chosen] = {
            "channel": chosen,
            "recipient": recipient,
            "name": name,
            "address": _address(chosen, facts),
            "substituted_for": asked if chosen != asked else None,
            "note": note,
        }
    if facts.administrator_active and deliveries:
        notes.insert(0, f"aan bewindvoerder {facts.administrator_name}")
    return list(deliveries.values()), notes
