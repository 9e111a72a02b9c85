"""Matching is pure: each rule on its own, and the order between them."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from vangnet.bank.matching import (
    DEFAULT_THRESHOLD,
    NO_MATCH,
    ContractFacts,
    Lookups,
    match_transaction,
    references_in,
)
from vangnet.bank.parsers import Transaction
from vangnet.ledger.payment_reference import make_payment_reference

KENMERK = make_payment_reference(123456789)
OTHER_KENMERK = make_payment_reference(987654321)


def tx(**changes) -> Transaction:
    values = dict(
        bank_reference="REF",
        booking_date=date(2026, 3, 2),
        value_date=date(2026, 3, 2),
        amount=Decimal("695.50"),
        currency="EUR",
        counterparty_name="J. Jansen",
        counterparty_iban="NL02ABNA0123456789",
        counterparty_bic=None,
        remittance_text="huur maart",
        structured_reference=None,
        end_to_end_id=None,
        mandate_id=None,
        return_reason=None,
        is_reversal=False,
        bank_transaction_code=None,
        batch_reference=None,
    )
    values.update(changes)
    return Transaction(**values)


EVERYTHING = Lookups(
    by_payment_reference={KENMERK: 1},
    by_end_to_end_id={"E2E-2": 2},
    by_mandate_id={"MANDATE-2": 2},
    by_iban={"NL02ABNA0123456789": [3]},
    facts={
        1: ContractFacts(Decimal("10.00"), ("Pietersen",)),
        2: ContractFacts(Decimal("20.00"), ("Bakker",)),
        3: ContractFacts(Decimal("30.00"), ("de Vries",)),
        4: ContractFacts(Decimal("695.50"), ("Jansen",)),
    },
)


def test_structured_reference_is_certain():
    match = match_transaction(tx(structured_reference=KENMERK), EVERYTHING)
    assert (match.contract_id, match.rule, match.confidence) == (1, "payment_reference", Decimal("1.00"))


def test_a_valid_kenmerk_in_the_text_counts_and_an_invalid_one_does_not():
    spaced = " ".join(KENMERK[i : i + 4] for i in range(0, 16, 4))
    assert match_transaction(tx(remittance_text=f"huur {spaced} maart"), EVERYTHING).contract_id == 1
    broken = KENMERK[:-1] + str((int(KENMERK[-1]) + 1) % 10)
    assert references_in(tx(remittance_text=f"nr {broken}")) == []


def test_own_direct_debit_by_end_to_end_id_then_by_mandate():
    by_e2e = match_transaction(tx(end_to_end_id="E2E-2", counterparty_iban=None), EVERYTHING)
    assert (by_e2e.contract_id, by_e2e.rule, by_e2e.confidence) == (2, "end_to_end_id", Decimal("0.98"))
    by_mandate = match_transaction(tx(mandate_id="MANDATE-2", counterparty_iban=None), EVERYTHING)
    assert by_mandate.contract_id == 2 and "machtigingskenmerk" in by_mandate.reason


def test_iban_of_one_contract():
    match = match_transaction(tx(counterparty_iban="nl02 abna 0123 4567 89"), EVERYTHING)
    assert (match.contract_id, match.rule, match.confidence) == (3, "iban", Decimal("0.90"))
    assert match.accepted()


def test_iban_of_several_contracts_needs_the_amount_to_decide():
    lookups = Lookups(
        by_iban={"NL02ABNA0123456789": [5, 6]},
        facts={5: ContractFacts(Decimal("695.50")), 6: ContractFacts(Decimal("80.00"))},
    )
    match = match_transaction(tx(), lookups)
    assert (match.contract_id, match.confidence) == (5, Decimal("0.85"))
    assert match_transaction(tx(amount=Decimal("1.00"), counterparty_name=None), lookups) == NO_MATCH


def test_amount_and_name_is_a_suggestion_below_the_threshold():
    match = match_transaction(
        tx(counterparty_iban="NL99UNKN0000000000", counterparty_name="HR J JANSEN"), EVERYTHING
    )
    assert (match.contract_id, match.rule, match.confidence) == (4, "amount_and_name", Decimal("0.70"))
    assert not match.accepted(DEFAULT_THRESHOLD)
    assert match.accepted(Decimal("0.70"))


def test_amount_and_name_needs_exactly_one_candidate():
    lookups = Lookups(
        facts={
            7: ContractFacts(Decimal("695.50"), ("Jansen",)),
            8: ContractFacts(Decimal("695.50"), ("Jansen",)),
        }
    )
    assert match_transaction(tx(counterparty_iban=None), lookups) == NO_MATCH


def test_a_multi_word_last_name_matches_in_any_order_and_without_accents():
    lookups = Lookups(facts={9: ContractFacts(Decimal("695.50"), ("de Vriës",))})
    assert (
        match_transaction(tx(counterparty_iban=None, counterparty_name="VRIES DE J"), lookups).contract_id
        == 9
    )
    assert match_transaction(tx(counterparty_iban=None, counterparty_name="J Vries"), lookups) == NO_MATCH


def test_nothing_known_is_no_match():
    assert (
        match_transaction(tx(counterparty_iban="NL99UNKN0000000000", counterparty_name="X"), EVERYTHING)
        == NO_MATCH
    )
    assert not NO_MATCH.accepted()


@given(
    reference=st.booleans(),
    e2e=st.booleans(),
    iban=st.booleans(),
    name=st.booleans(),
)
def test_the_most_certain_rule_wins(reference, e2e, iban, name):
    transaction = tx(
        structured_reference=KENMERK if reference else None,
        end_to_end_id="E2E-2" if e2e else None,
        counterparty_iban="NL02ABNA0123456789" if iban else "NL99UNKN0000000000",
        counterparty_name="J. Jansen" if name else "Onbekend",
    )
    expected = (
        (1, "payment_reference")
        if reference
        else (2, "end_to_end_id")
        if e2e
        else (3, "iban")
        if iban
        else (4, "amount_and_name")
        if name
        else (None, "")
    )
    match = match_transaction(transaction, EVERYTHING)
    assert (match.contract_id, match.rule) == expected


@given(number=st.integers(min_value=0, max_value=10**15 - 1), before=st.text(), after=st.text())
def test_any_generated_kenmerk_is_found_in_free_text(number, before, after):
    kenmerk = make_payment_reference(number)
    text = f"{before} {kenmerk} {after}"
    assert kenmerk in references_in(tx(remittance_text=text))


@given(amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2))
def test_confidence_falls_with_each_rule(amount):
    # Rules ordered by certainty: whatever the amount, a stronger rule never scores lower than a weaker one.
    scores = [
        match_transaction(tx(amount=amount, structured_reference=KENMERK), EVERYTHING).confidence,
        match_transaction(tx(amount=amount, end_to_end_id="E2E-2"), EVERYTHING).confidence,
        match_transaction(tx(amount=amount), EVERYTHING).confidence,
    ]
    assert scores == sorted(scores, reverse=True)
    assert OTHER_KENMERK not in references_in(tx(amount=amount, remittance_text=KENMERK))
