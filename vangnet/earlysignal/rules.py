"""The four preconditions of Besluit gemeentelijke schuldhulpverlening art. 2, judged on the evidence.

Pure: takes the evidence, the day the arrears began and as_of; reads no clock and no database. A fact
counts only when it falls within the current arrears (on or after the day they began), so contact sought
about last year's debt does not prove this one.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vangnet.earlysignal.evidence import Fact, TenantEvidence

PERSONAL_CONTACT = "personal_contact"
DEBT_HELP = "debt_help"
WRITTEN_REMINDER = "written_reminder"
DATA_SHARING_OFFER = "data_sharing_offer"
OBJECTION = "objection"
MUNICIPALITY_NOT_AGREED = "municipality_not_agreed"
IN_DEBT_HELP = "in_debt_help"

PRECONDITIONS = (PERSONAL_CONTACT, DEBT_HELP, WRITTEN_REMINDER, DATA_SHARING_OFFER)

# What a colleague reads on the batch and the card.
REASONS: dict[str, str | Promise] = {
    PERSONAL_CONTACT: _("Geen poging tot persoonlijk contact"),
    DEBT_HELP: _("Niet gewezen op schuldhulp"),
    WRITTEN_REMINDER: _("Geen schriftelijke herinnering verstuurd"),
    DATA_SHARING_OFFER: _("Geen aanbod om gegevens te delen (of de bezwaartermijn loopt nog)"),
    OBJECTION: _("Huurder heeft bezwaar gemaakt"),
    MUNICIPALITY_NOT_AGREED: _("Gemeente ontvangt (nog) geen signalen"),
    IN_DEBT_HELP: _("Huurder krijgt al schuldhulp"),
}

TITLES: dict[str, str | Promise] = {
    PERSONAL_CONTACT: _("a. Poging tot persoonlijk contact"),
    DEBT_HELP: _("b. Gewezen op schuldhulp"),
    WRITTEN_REMINDER: _("c. Schriftelijke herinnering"),
    DATA_SHARING_OFFER: _("d. Aanbod gegevens te delen, geen bezwaar"),
}


@dataclass(frozen=True)
class Check:
    key: str
    title: str | Promise
    met: bool
    evidence: str
    on: date | None

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": str(self.title),
            "met": self.met,
            "evidence": self.evidence,
            "on": self.on.isoformat() if self.on else None,
        }


def _latest(facts: list[Fact], since: date | None) -> Fact | None:
    for fact in facts:
        if since is None or fact.on >= since:
            return fact
    return None


def _check(key: str, fact: Fact | None, missing: str) -> Check:
    if fact is None:
        return Check(key, TITLES[key], False, missing, None)
    return Check(key, TITLES[key], True, fact.text, fact.on)


def assess(
    evidence: TenantEvidence, *, arrears_since: date | None, as_of: date, objection_days: int
) -> list[Check]:
    """The four checks, each with its newest evidence; d also needs the objection term to have passed."""
    checks = [
        _check(
            PERSONAL_CONTACT,
            _latest(evidence.contact, arrears_since),
            "Geen beltaak, huisbezoek of contactnotitie",
        ),
        _check(
            DEBT_HELP,
            _latest(evidence.debt_help, arrears_since),
            "Geen bericht met de alinea over schuldhulp",
        ),
        _check(
            WRITTEN_REMINDER,
            _latest(evidence.reminders, arrears_since),
            "Geen herinnering per brief of e-mail",
        ),
    ]
    offer = _latest(evidence.offers, arrears_since)
    if evidence.objection is not None:
        checks.append(
            Check(
                DATA_SHARING_OFFER,
                TITLES[DATA_SHARING_OFFER],
                False,
                evidence.objection.text,
                evidence.objection.on,
            )
        )
    elif offer is None:
        checks.append(
            _check(DATA_SHARING_OFFER, None, "Geen herinnering met het aanbod om gegevens te delen")
        )
    else:
        # The offer found first is the newest; the oldest offer within the arrears started the term.
        first = min(
            (fact for fact in evidence.offers if arrears_since is None or fact.on >= arrears_since),
            key=lambda f: f.on,
        )
        term_ends = first.on + timedelta(days=objection_days)
        if term_ends > as_of:
            checks.append(
                Check(
                    DATA_SHARING_OFFER,
                    TITLES[DATA_SHARING_OFFER],
                    False,
                    f"{first.text}; bezwaartermijn loopt tot {term_ends:%d-%m-%Y}",
                    first.on,
                )
            )
        else:
            checks.append(
                Check(
                    DATA_SHARING_OFFER,
                    TITLES[DATA_SHARING_OFFER],
                    True,
                    f"{first.text}; geen bezwaar",
                    first.on,
                )
            )
    return checks


def blocks(checks: list[Check], *, objected: bool) -> list[str]:
    """The block keys of a tenant: every unmet precondition, and the objection on its own key."""
    keys = [
        check.key for check in checks if not check.met and not (objected and check.key == DATA_SHARING_OFFER)
    ]
    if objected:
        keys.append(OBJECTION)
    return keys
