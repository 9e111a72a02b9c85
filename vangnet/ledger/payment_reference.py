"""The Dutch betalingskenmerk: 7 to 16 digits, with a weighted modulus-11 check digit from 9 digits on.

See reference/law-and-standards.md §3.7 (Betaalvereniging specification). Pure functions.
"""

WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
LENGTH_CODES = {9: 7, 10: 8, 11: 9, 12: 0, 13: 1, 14: 2}


def check_digit(digits: str) -> int:
    """The check digit C over the digits that follow it (length code included)."""
    total = sum(int(digit) * WEIGHTS[i % len(WEIGHTS)] for i, digit in enumerate(reversed(digits)))
    check = 11 - total % 11
    return {10: 1, 11: 0}.get(check, check)


def is_valid_payment_reference(reference: str) -> bool:
    value = reference.replace(" ", "")
    if not value.isdigit() or len(value) in (8, 15) or not 7 <= len(value) <= 16:
        return False
    if len(value) == 7:
        return True
    if len(value) in LENGTH_CODES and int(value[1]) != LENGTH_CODES[len(value)]:
        return False
    return int(value[0]) == check_digit(value[1:])


def make_payment_reference(number: int) -> str:
    """A 16-digit reference for a 15-digit number (a contract or invoice number)."""
    body = f"{number:015d}"
    if len(body) != 15:
        raise ValueError("number has more than 15 digits")
    return f"{check_digit(body)}{body}"
