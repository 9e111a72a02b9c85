"""Demo tenants: persons with believable names, contact details and special statuses, and organisations."""

import random
import unicodedata
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from vangnet.demo import names
from vangnet.demo import profiles as p
from vangnet.demo.estate import Address
from vangnet.ledger.importing.schema import TENANTS

# (weight in per mille, first names, surnames, languages by weight): the mix of a Utrecht-region portfolio.
_ORIGINS = (
    (815, names.DUTCH_FIRST, names.DUTCH_SURNAMES, ("nl",)),
    (60, names.TURKISH_FIRST, names.TURKISH_SURNAMES, ("nl", "nl", "nl", "tr", "tr")),
    (
        70,
        names.MOROCCAN_FIRST,
        names.MOROCCAN_SURNAMES,
        ("nl", "nl", "nl", "nl", "nl", "nl", "ar", "ar", "ar"),
    ),
    (35, names.POLISH_FIRST, names.POLISH_SURNAMES, ("nl", "nl", "pl", "pl", "pl")),
    (20, names.ENGLISH_FIRST, names.ENGLISH_SURNAMES, ("en", "en", "en", "en", "nl")),
)
_WEIGHTED_ORIGINS = tuple(index for index, origin in enumerate(_ORIGINS) for _ in range(origin[0]))
_OLDEST = date(1935, 1, 1).toordinal()
_BORN_1950 = date(1950, 1, 1).toordinal()
_YOUNGEST = date(2005, 12, 31).toordinal()
_COLUMNS = TENANTS.column_names
_EMPTY = ("",) * len(_COLUMNS)
# Letters NFKD does not decompose: the Turkish dotless i and the Polish l with stroke.
_FOLD = str.maketrans({"\u0131": "i", "ł": "l", "Ł": "L", "'": "", " ": "", ".": "", "-": ""})


@lru_cache(maxsize=4096)
def ascii_slug(text: str) -> str:
    """'Dürer' -> 'durer', "O'Brien" -> 'obrien': mailbox-safe lower-case ASCII."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return folded.encode("ascii", "ignore").decode().lower()


def iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _flag(value: bool) -> str:
    return "1" if value else "0"


class People:
    """Makes tenant rows in the canonical column order."""

    def __init__(self, rnd: random.Random, as_of: date) -> None:
        self._rnd = rnd
        self._random = rnd.random
        self._today = as_of.toordinal()

    def _pick[T](self, options: Sequence[T]) -> T:
        # random.choice costs several calls per draw; this runs for every tenant, several times.
        return options[int(self._random() * len(options))]

    def mobile(self) -> str:
        return f"06{10_000_000 + int(self._random() * 50_000_000)}"

    def landline(self, area_code: str) -> str:
        digits = 10 - len(area_code)
        return f"{area_code}-{2 * 10 ** (digits - 1) + int(self._random() * 8 * 10 ** (digits - 1))}"

    def person(
        self,
        tenant_id: str,
        address: Address,
        *,
        area_code: str,
        profile: str,
        partner: dict[str, str] | None = None,
        deceased_on: str = "",
    ) -> dict[str, str]:
        random, pick = self._random, self._pick
        origin = pick(_WEIGHTED_ORIGINS)
        if partner is not None and random() < 0.7:
            origin = int(partner["_origin"])
        _, first_names, surnames, languages = _ORIGINS[origin]
        woman = random() < 0.5 if partner is None else partner["_woman"] == "0"
        first = pick(first_names[woman])
        prefix, last = self._surname(surnames, woman, partner)
        birth = self._birth(partner, deceased_on)
        email = self._email(first, prefix + last, birth)
        row = {
            "tenant_id": tenant_id,
            "kind": "person",
            "initials": self._initials(first),
            "first_name": first if random() < 0.85 else "",
            "name_prefix": prefix,
            "last_name": last,
            "birth_date": iso(birth),
            "language": pick(languages),
            "tone": "u" if random() < 0.05 else ("je" if random() < 0.03 else ""),
            "email": email,
            "phone_mobile": self.mobile() if random() < 0.88 else "",
            "phone_home": self.landline(area_code) if random() < 0.18 else "",
            "deceased_on": deceased_on,
            # Not columns: what a partner added next needs to look related (row() leaves them out).
            "_origin": str(origin),
            "_woman": _flag(woman),
        }
        row.update(self.address_fields(address))
        row.update(self._channels(row))
        row.update(self._statuses(profile))
        return row

    def organisation(self, tenant_id: str, address: Address, *, area_code: str) -> dict[str, str]:
        rnd = self._rnd
        if rnd.random() < 0.5:
            prefix, surname = rnd.choice(names.DUTCH_SURNAMES)
            # A tussenvoegsel is capitalised at the start of a company name: "Van der Wal Bouw B.V.".
            base = f"{prefix[:1].upper()}{prefix[1:]} {surname}".strip() + f" {rnd.choice(names.TRADES)}"
        else:
            base = rnd.choice(names.SHOPS)
        row = {
            "tenant_id": tenant_id,
            "kind": "organisation",
            "organisation_name": f"{base} {rnd.choice(names.LEGAL_FORMS)}",
            "language": "nl",
            "tone": "u",
            "email": f"administratie@{ascii_slug(base)}.example",
            "phone_home": self.landline(area_code),
            "phone_mobile": self.mobile() if rnd.random() < 0.5 else "",
            "preferred_channel": "email",
            "no_voice_calls": "0",
            "no_sms": "0",
            "no_email": "0",
            "paper_only": "0",
        }
        row.update(self.address_fields(address))
        return row

    @staticmethod
    def address_fields(address: Address) -> dict[str, str]:
        return {
            "street": address.street,
            "house_number": address.house_number,
            "house_number_suffix": address.suffix,
            "postcode": address.postcode,
            "city": address.city,
            "country": "NL",
        }

    @staticmethod
    def row(values: dict[str, str]) -> list[str]:
        return list(map(values.get, _COLUMNS, _EMPTY))

    def _surname(self, surnames: tuple, woman: bool, partner: dict[str, str] | None) -> tuple[str, str]:
        if partner is not None and self._random() < 0.45:
            return partner["name_prefix"], partner["last_name"]
        choice = self._pick(surnames)
        if surnames is names.POLISH_SURNAMES:
            return "", choice[woman]
        return choice

    def _birth(self, partner: dict[str, str] | None, deceased_on: str) -> int:
        rnd = self._rnd
        if partner is not None:
            around = date.fromisoformat(partner["birth_date"]).toordinal() + rnd.randint(-2500, 2500)
            return min(max(around, _OLDEST), _YOUNGEST)
        if deceased_on:
            return rnd.randint(_OLDEST, date(1952, 12, 31).toordinal())
        # Social-housing tenants skew older: the power pulls the draw towards the early years.
        return _OLDEST + int((_YOUNGEST - _OLDEST) * self._random() ** 1.3)

    def _initials(self, first: str) -> str:
        """The first letter of the roepnaam plus, for some, the letters of further given names."""
        random, pick = self._random, self._pick
        letters = first[0]
        if random() < 0.25:
            letters += pick(names.EXTRA_INITIALS)
            if random() < 0.3:
                letters += pick(names.EXTRA_INITIALS)
        return "".join(f"{letter}." for letter in letters)

    def _email(self, first: str, surname: str, birth: int) -> str:
        random, pick = self._random, self._pick
        # Older tenants more often have no email address and get letters.
        share = 0.65 if birth < _BORN_1950 else 0.9
        if random() >= share:
            return ""
        f, s = ascii_slug(first), ascii_slug(surname)
        style = int(random() * 5)
        local = (f"{f}.{s}", f"{f[0]}.{s}", f"{f}{s}{1 + int(random() * 99)}", f"{s}.{f}", f"{f}_{s}")[style]
        return f"{local}@{pick(names.EMAIL_DOMAINS)}"

    def _channels(self, row: dict[str, str]) -> dict[str, str]:
        random = self._random
        paper_only = random() < 0.01
        has_mobile = bool(row["phone_mobile"])
        no_sms = has_mobile and random() < 0.01
        if paper_only or not row["email"]:
            channel = "letter"
        elif has_mobile and not no_sms and random() < 0.08:
            channel = "sms"
        else:
            channel = "email"
        return {
            "preferred_channel": channel,
            "no_voice_calls": _flag(random() < 0.02),
            "no_sms": _flag(no_sms),
            "no_email": "0",
            "paper_only": _flag(paper_only),
        }

    def _statuses(self, profile: str) -> dict[str, str]:
        rnd, random = self._rnd, self._random
        today = self._today
        values: dict[str, str] = {}
        if random() < p.ADMINISTRATOR_CHANCE.get(profile, p.DEFAULT_ADMINISTRATOR):
            name, slug, area_code, postal = rnd.choice(names.ADMINISTRATORS)
            values |= {
                "administrator_name": name,
                "administrator_email": f"huur@{slug}.example",
                "administrator_phone": self.landline(area_code),
                "administrator_address": postal,
                "administrator_since": iso(today - rnd.randint(14, 8 * 365)),
            }
        if random() < p.DEBT_COUNSELLING_CHANCE.get(profile, p.DEFAULT_DEBT_COUNSELLING):
            since = today - rnd.randint(7, 2 * 365)
            values["debt_counselling_since"] = iso(since)
            if rnd.random() < 0.1 and today - since > 60:
                values["debt_counselling_until"] = iso(rnd.randint(since + 30, today - 1))
        if random() < p.WSNP_CHANCE.get(profile, p.DEFAULT_WSNP):
            values["wsnp_since"] = iso(today - rnd.randint(30, 3 * 365))
        return values
