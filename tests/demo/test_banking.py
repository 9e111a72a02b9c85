import random

import pytest
from schwifty import IBAN

from vangnet.demo.banking import (
    BANK_CODES,
    creditor_id,
    dutch_account_number,
    dutch_iban,
    iban,
    mod97,
    payment_reference,
)
from vangnet.ledger.payment_reference import is_valid_payment_reference


def test_payment_reference_matches_the_betaalvereniging_example():
    # 5000056789012345: the 15 digits after C weigh to 215, and 11 - 215 mod 11 = 5.
    assert payment_reference(56789012345) == "5000056789012345"


@pytest.mark.parametrize("number", [0, 1, 7, 410_000_000_000_010, 999_999_999_999_999, 123_456_789])
def test_payment_references_are_16_digits_with_a_valid_check_digit(number):
    reference = payment_reference(number)
    assert len(reference) == 16
    assert reference.isdigit()
    assert reference[1:] == f"{number:015d}"
    assert is_valid_payment_reference(reference)


def test_check_digits_10_and_11_become_1_and_0():
    checks = {payment_reference(n)[0] for n in range(2000)}
    # Every digit occurs; 10 and 11 are folded into 1 and 0 rather than producing two-digit checks.
    assert checks == set("0123456789")


def test_payment_reference_rejects_numbers_that_do_not_fit():
    with pytest.raises(ValueError, match="number has more than 15 digits"):
        payment_reference(10**15)
    with pytest.raises(ValueError, match="number must not be negative"):
        payment_reference(-1)


def test_mod97_and_iban_agree_with_a_known_iban():
    assert iban("NL", "ABNA0417164300") == "NL91ABNA0417164300"
    assert mod97("ABNA0417164300NL91") == 1


def test_generated_ibans_are_valid_for_schwifty_and_use_real_bank_codes():
    rnd = random.Random(7)
    codes = {code for code, _ in BANK_CODES}
    seen = set()
    for _ in range(500):
        value = dutch_iban(rnd)
        parsed = IBAN(value)
        assert parsed.country_code == "NL"
        assert parsed.bank_code in codes
        assert parsed.bic is not None
        seen.add(parsed.bank_code)
    assert seen == codes


def test_account_numbers_pass_the_elfproef():
    rnd = random.Random(3)
    for _ in range(200):
        digits = dutch_account_number(rnd)
        assert len(digits) == 10
        assert sum(int(d) * w for d, w in zip(digits, range(10, 0, -1), strict=True)) % 11 == 0


def test_creditor_id_matches_the_bundesbank_test_id_and_the_dutch_layout():
    assert creditor_id("DE", "09999999999") == "DE98ZZZ09999999999"
    dutch = creditor_id("NL", "412873560000")
    assert dutch.startswith("NL") and dutch[4:7] == "ZZZ" and dutch.endswith("0000")
    # The check digits make MOD 97 of the rearranged id (business code left out) come out at 1.
    assert mod97(dutch[7:] + dutch[:4]) == 1
