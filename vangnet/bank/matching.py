"""Which contract a bank transaction belongs to. Pure: the caller supplies every fact as plain lookups.

Rules from most to least certain (the first that names one contract wins):

1. betalingskenmerk: the structured reference, or a valid 16-digit kenmerk in the free text   1.00
2. our own direct debit: its end-to-end id, or the mandate id we issued                       0.98
3. the counterparty IBAN is known for exactly one contract                                     0.90
   (several contracts: 0.85, and only when exactly one of them owes exactly the amount)
4. the amount equals one contract's open balance and the payer's name holds a tenant's
   last name                                                                                   0.70

A match at or above the threshold is booked; below it the transaction waits in the unmatched queue with
the candidate as a suggestion, because a wrong booking is worse than a late one.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from vangnet.bank.parsers import Transaction
from vangnet.ledger.payment_reference import is_valid_payment_reference

DEFAULT_THRESHOLD = Decimal("0.85")

CONFIDENCE = {
    "payment_reference": Decimal("1.00"),
    "end_to_end_id": Decimal("0.98"),
    "iban": Decimal("0.90"),
    "iban_and_amount": Decimal("0.85"),
    "amount_and_name": Decimal("0.70"),
}

# Sixteen digits, optionally written in groups of four as on an acceptgiro; not part of a longer number.
_KENMERK_IN_TEXT = re.compile(r"(?<!\d)(\d{4} ?\d{4} ?\d{4} ?\d{4})(?!\d)")


@dataclass(frozen=True)
class ContractFacts:
    open_balance: Decimal
    last_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lookups:
    """Everything matching may know, keyed the way transactions are looked up. IBANs are normalised."""

    by_payment_reference: Mapping[str, int] = field(default_factory=dict)
    by_end_to_end_id: Mapping[str, int] = field(default_factory=dict)
    by_mandate_id: Mapping[str, int] = field(default_factory=dict)
    by_iban: Mapping[str, Sequence[int]] = field(default_factory=dict)
    facts: Mapping[int, ContractFacts] = field(default_factory=dict)

    def owing(self, amount: Decimal) -> list[int]:
        """Contracts whose open balance is exactly this amount (built once, on first use)."""
        index = self.__dict__.get("_owing")
        if index is None:
            index = {}
            for contract_id, facts in self.facts.items():
                index.setdefault(facts.open_balance, []).append(contract_id)
            object.__setattr__(self, "_owing", index)
        return sorted(index.get(amount, []))


@dataclass(frozen=True)
class Match:
    contract_id: int | None
    rule: str  # a MatchRule value, or "" when nothing matched
    confidence: Decimal
    reason: str

    def accepted(self, threshold: Decimal = DEFAULT_THRESHOLD) -> bool:
        return self.contract_id is not None and self.confidence >= threshold


NO_MATCH = Match(None, "", Decimal("0.00"), "geen huurovereenkomst gevonden")


def normalise_iban(value: str | None) -> str:
    return "".join((value or "").split()).upper()


def references_in(transaction: Transaction) -> list[str]:
    """The betalingskenmerken a transaction carries: the structured one first, then valid ones in the text."""
    found: list[str] = []
    if transaction.structured_reference:
        found.append("".join(transaction.structured_reference.split()))
    for candidate in _KENMERK_IN_TEXT.findall(transaction.remittance_text or ""):
        digits = candidate.replace(" ", "")
        # Only a kenmerk with a correct check digit counts: a random 16-digit number in the text (an
        # invoice or card number) must not book money on someone's contract.
        if is_valid_payment_reference(digits) and digits not in found:
            found.append(digits)
    return found


def match_transaction(transaction: Transaction, lookups: Lookups) -> Match:
    for rule in (_by_reference, _by_own_debit, _by_iban, _by_amount_and_name):
        match = rule(transaction, lookups)
        if match is not None:
            return match
    return NO_MATCH


def _by_reference(transaction: Transaction, lookups: Lookups) -> Match | None:
    for reference in references_in(transaction):
        contract_id = lookups.by_payment_reference.get(reference)
        if contract_id is not None:
            return Match(
                contract_id,
                "payment_reference",
                CONFIDENCE["payment_reference"],
                f"betalingskenmerk {reference}",
            )
    return None


def _by_own_debit(transaction: Transaction, lookups: Lookups) -> Match | None:
    if transaction.end_to_end_id and transaction.end_to_end_id in lookups.by_end_to_end_id:
        return Match(
            lookups.by_end_to_end_id[transaction.end_to_end_id],
            "end_to_end_id",
            CONFIDENCE["end_to_end_id"],
            f"eigen incasso, end-to-end-id {transaction.end_to_end_id}",
        )
    if transaction.mandate_id and transaction.mandate_id in lookups.by_mandate_id:
        return Match(
            lookups.by_mandate_id[transaction.mandate_id],
            "end_to_end_id",
            CONFIDENCE["end_to_end_id"],
            f"eigen incasso, machtigingskenmerk {transaction.mandate_id}",
        )
    return None


def _by_iban(transaction: Transaction, lookups: Lookups) -> Match | None:
    iban = normalise_iban(transaction.counterparty_iban)
    contracts = sorted(set(lookups.by_iban.get(iban, ()))) if iban else []
    if len(contracts) == 1:
        return Match(contracts[0], "iban", CONFIDENCE["iban"], f"IBAN {iban} hoort bij één huurovereenkomst")
    if len(contracts) > 1:
        # One IBAN paying for several contracts (a parking space next to the home, an administrator
        # paying for many tenants): only the amount can tell them apart, and only when it is unambiguous.
        owing = [c for c in contracts if _open_balance(lookups, c) == transaction.amount]
        if len(owing) == 1:
            return Match(
                owing[0],
                "iban",
                CONFIDENCE["iban_and_amount"],
                f"IBAN {iban} hoort bij {len(contracts)} huurovereenkomsten; het bedrag past bij één",
            )
    return None


def _by_amount_and_name(transaction: Transaction, lookups: Lookups) -> Match | None:
    if transaction.amount <= 0 or not transaction.counterparty_name:
        return None
    payer = set(_words(transaction.counterparty_name))
    candidates = [
        contract_id
        for contract_id in lookups.owing(transaction.amount)
        if any(_name_in(name, payer) for name in lookups.facts[contract_id].last_names)
    ]
    if len(candidates) == 1:
        return Match(
            candidates[0],
            "amount_and_name",
            CONFIDENCE["amount_and_name"],
            "bedrag gelijk aan het openstaande saldo en naam van de huurder",
        )
    return None


def _open_balance(lookups: Lookups, contract_id: int) -> Decimal | None:
    facts = lookups.facts.get(contract_id)
    return facts.open_balance if facts is not None else None


def _name_in(last_name: str, payer: set[str]) -> bool:
    # "de Vries" matches "HR J DE VRIES" and "Vries de J": every word of the last name, in any order.
    words = _words(last_name)
    return bool(words) and set(words) <= payer


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z]+", plain)
