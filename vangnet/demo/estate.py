"""The corporation's property: complexes of dwellings along a street, parking garages and shop strips.

Units are handed out one by one as contracts need them; a complex is filled before the next one starts, so
neighbours share a street, a postcode block and a complex code, as in a real ERP.
"""

import random
from typing import NamedTuple

from vangnet.demo.places import MUNICIPALITIES, POSTCODE_PAIRS, WEIGHTED_MUNICIPALITIES, Neighbourhood

DWELLING, PARKING, BUSINESS = "dwelling", "parking", "business"

# (style, smallest, largest complex, step between house numbers, apartments per number)
_DWELLING_STYLES = (
    ("eengezins", 12, 60, 2, 1),
    ("eengezins", 12, 60, 2, 1),
    ("portiek", 24, 96, 1, 4),
    ("portiek", 24, 96, 1, 8),
    ("galerij", 60, 200, 1, 1),
    ("senioren", 20, 60, 1, 1),
)
_SUFFIXES = (("A", "B", "C", "D", "E", "F", "G", "H"), ("1", "2", "3", "4", "5", "6", "7", "8"))
# Addresses per postcode: a postcode covers one side of a street stretch of some 15-25 front doors.
_PER_POSTCODE = 20
_BY_NAME = {m.name: m for m in MUNICIPALITIES}


# NamedTuples rather than dataclasses: one of each is made per tenancy, and tuples are made fastest.
class Address(NamedTuple):
    street: str
    house_number: str
    suffix: str
    postcode: str
    city: str
    municipality: str


class Unit(NamedTuple):
    unit_id: str
    kind: str
    address: Address
    neighbourhood: Neighbourhood
    complex_code: str
    complex_name: str

    def row(self) -> tuple[str, ...]:
        a = self.address
        return (
            self.unit_id, self.kind, a.street, a.house_number, a.suffix, a.postcode, a.city, a.municipality,
            self.neighbourhood.name, self.complex_code, self.complex_name,
        )  # fmt: skip


class _Complex:
    """A complex being filled: where it is, how its doors are numbered and how many are left."""

    def __init__(self, rnd: random.Random, code: str, kind: str, wijk: Neighbourhood) -> None:
        self.code = code
        self.kind = kind
        self.wijk = wijk
        self.street = rnd.choice(wijk.streets)
        self.pc4 = rnd.choice(wijk.postcodes)
        self.pair = rnd.randrange(len(POSTCODE_PAIRS) - 40)
        self.seq = 0
        if kind == DWELLING:
            style, low, high, self.step, self.per_number = rnd.choice(_DWELLING_STYLES)
            self.size = rnd.randint(low, high)
            self.suffixes = rnd.choice(_SUFFIXES)
            self.first = rnd.randrange(1, 120, 2) if self.step == 2 else rnd.randint(1, 150)
        elif kind == PARKING:
            style, self.size, self.step, self.per_number = "garage", rnd.randint(30, 150), 0, 0
            self.first = rnd.randint(1, 60)
        else:
            style, self.size, self.step, self.per_number = "winkels", rnd.randint(3, 12), 1, 1
            self.first = rnd.randint(100, 180)
        self.name = self._name(style)

    def _name(self, style: str) -> str:
        if self.kind == PARKING:
            return f"Parkeergarage {self.street}"
        if self.kind == BUSINESS:
            return f"Bedrijfsruimten {self.wijk.name}"
        doors = -(-self.size // self.per_number)
        last = self.first + (doors - 1) * self.step
        prefix = "Seniorencomplex " if style == "senioren" else ""
        return f"{prefix}{self.street} {self.first} t/m {last}"

    @property
    def full(self) -> bool:
        return self.seq >= self.size

    def next_address(self) -> tuple[str, str, str]:
        """(house number, suffix, postcode) of the next door."""
        seq = self.seq
        self.seq += 1
        if self.kind == PARKING:
            number, suffix = self.first, f"P{seq + 1}"
            door = 0
        else:
            door, flat = divmod(seq, self.per_number)
            number = self.first + door * self.step
            suffix = self.suffixes[flat] if self.per_number > 1 else ""
        pair = POSTCODE_PAIRS[self.pair + door // _PER_POSTCODE]
        return str(number), suffix, f"{self.pc4} {pair}"


class Estate:
    """Hands out units of each kind, opening a new complex when the current one is full."""

    def __init__(self, rnd: random.Random) -> None:
        self._rnd = rnd
        self._complex_seq = 1000
        self._current: dict[str, _Complex] = {}

    def next_unit(self, kind: str) -> Unit:
        complex_ = self._current.get(kind)
        if complex_ is None or complex_.full:
            complex_ = self._open(kind)
        number, suffix, postcode = complex_.next_address()
        wijk = complex_.wijk
        address = Address(complex_.street, number, suffix, postcode, wijk.city, wijk.municipality)
        unit_id = f"{complex_.code}{complex_.seq:04d}"
        return Unit(unit_id, kind, address, wijk, complex_.code, complex_.name)

    def _open(self, kind: str) -> _Complex:
        self._complex_seq += 1
        municipality = self._rnd.choice(WEIGHTED_MUNICIPALITIES)
        wijk = self._rnd.choice(municipality.neighbourhoods)
        complex_ = _Complex(self._rnd, str(self._complex_seq), kind, wijk)
        self._current[kind] = complex_
        return complex_

    def private_address(self, municipality: str | None = None) -> Address:
        """A home the corporation does not own (a parking renter's, a departed tenant's new address)."""
        rnd = self._rnd
        place = _BY_NAME.get(municipality or "") or rnd.choice(WEIGHTED_MUNICIPALITIES)
        wijk = rnd.choice(place.neighbourhoods)
        postcode = f"{rnd.choice(wijk.postcodes)} {rnd.choice(POSTCODE_PAIRS)}"
        number = str(rnd.randint(1, 180))
        return Address(rnd.choice(wijk.streets), number, "", postcode, wijk.city, wijk.municipality)
