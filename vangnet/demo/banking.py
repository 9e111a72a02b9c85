"""Check-digit arithmetic for demo data: betalingskenmerk, Dutch IBANs and SEPA creditor ids. Pure functions."""

import random
from operator import mul

from vangnet.ledger.payment_reference import make_payment_reference

# Betaalvereniging: weights from the right over the digits after the check digit, repeating.
# Real Dutch bank codes with a rough share of retail accounts, so the mix looks like a real portfolio.
BANK_CODES: tuple[tuple[str, int], ...] = (
    ("INGB", 38),
    ("RABO", 28),
    ("ABNA", 20),
    ("SNSB", 8),
    ("ASNB", 4),
    ("TRIO", 2),
)
_BANKS = tuple(code for code, weight in BANK_CODES for _ in range(weight))
_ELFPROEF_WEIGHTS = tuple(range(10, 1, -1))  # for the first nine digits; the last digit weighs 1


def payment_reference(number: int) -> str:
    """The 16-digit betalingskenmerk for a number of at most 15 digits: check digit C + 15 digits."""
    if number < 0:
        raise ValueError("number must not be negative")
    return make_payment_reference(number)


_LETTERS_AS_NUMBERS = str.maketrans({chr(ord("A") + i): str(10 + i) for i in range(26)})


def mod97(text: str) -> int:
    """ISO 7064 MOD 97-10 over letters-as-numbers (A=10 ... Z=35), as IBANs and creditor ids use it."""
    return int(text.upper().translate(_LETTERS_AS_NUMBERS)) % 97


def iban(country: str, bban: str) -> str:
    """An IBAN with correct check digits for a BBAN (bank code + account number)."""
    check = 98 - mod97(bban + country + "00")
    return f"{country}{check:02d}{bban}"


def dutch_account_number(rnd: random.Random) -> str:
    """Ten digits that pass the old Dutch elfproef, as most real Dutch account numbers do."""
    while True:
        first_nine = str(rnd.randrange(100_000_000, 1_000_000_000))
        # The weighted sum over all ten digits must be divisible by 11; the last digit weighs 1.
        last = -sum(map(mul, map(int, first_nine), _ELFPROEF_WEIGHTS)) % 11
        if last < 10:
            return f"{first_nine}{last}"


def dutch_iban(rnd: random.Random, bank_code: str | None = None) -> str:
    return iban("NL", (bank_code or _BANKS[int(rnd.random() * len(_BANKS))]) + dutch_account_number(rnd))


def creditor_id(country: str, national_id: str, business_code: str = "ZZZ") -> str:
    """A SEPA creditor identifier (incassant-ID); the business code is left out of the check digits."""
    check = 98 - mod97(national_id + country + "00")
    return f"{country}{check:02d}{business_code}{national_id}"
