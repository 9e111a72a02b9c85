"""The one result shape every bank-file parser returns, and the error it raises.

Pure: no Django, no database, no clock. Money is ``Decimal`` (signed: credit positive, debit negative).
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

# Bumped when the checksum payload changes: stored checksums of older imports then stay comparable only
# within their own version, which the importer can see from the prefix.
CHECKSUM_VERSION = "v1"


class ParseError(Exception):
    """A bank file that cannot be read completely. Parsers raise this and never return partial results."""

    def __init__(self, *, line: int | None, reason_en: str, reason_nl: str) -> None:
        self.line = line
        self.reason_en = reason_en
        self.reason_nl = reason_nl
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason_en}" if self.line is not None else self.reason_en


@dataclass(frozen=True)
class Transaction:
    """One booked movement on the account, at the finest level the bank reports (a camt batch is split).

    ``counterparty_iban`` holds the counterparty's account as the bank gives it: an IBAN in SEPA files, an
    old domestic account number in some older MT940 lines. ``bank_transaction_code`` is
    ``<standard code>[;<bank's proprietary code>]``, e.g. ``PMNT/RDDT/ESDD;EI`` (camt) or ``NTRF;00100``
    (MT940 SWIFT type code plus ING's /TRCD/). ``is_reversal`` is true for anything that undoes an earlier
    booking: camt RvslInd, MT940 RC/RD, and every R-transaction carrying a return reason (a storno).
    """

    bank_reference: str | None
    booking_date: date
    value_date: date
    amount: Decimal
    currency: str
    counterparty_name: str | None
    counterparty_iban: str | None
    counterparty_bic: str | None
    remittance_text: str | None
    structured_reference: str | None
    end_to_end_id: str | None
    mandate_id: str | None
    return_reason: str | None
    is_reversal: bool
    bank_transaction_code: str | None
    batch_reference: str | None
    line: int | None = field(default=None, compare=False)

    def checksum(self, account_iban: str, occurrence: int = 0) -> str:
        """A stable fingerprint to store a transaction once when the bank gives no unique reference.

        ``line`` is left out on purpose: the same transaction sits on another line when a bank re-sends
        an overlapping period. ``occurrence`` tells apart genuinely identical transactions in one
        statement (two equal payments by the same tenant on one day); see ``Statement.checksums``.
        """
        payload = [
            CHECKSUM_VERSION,
            _norm(account_iban),
            self.booking_date.isoformat(),
            self.value_date.isoformat(),
            _amount_text(self.amount),
            self.currency,
            _norm(self.counterparty_iban),
            self.bank_reference or "",
            self.end_to_end_id or "",
            self.mandate_id or "",
            self.structured_reference or "",
            self.batch_reference or "",
            self.return_reason or "",
            "R" if self.is_reversal else "",
            _text(self.remittance_text),
            str(occurrence),
        ]
        encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class Statement:
    """One account statement (camt Stmt/Ntfctn, or one MT940 :20: … :62F: block)."""

    format: str  # "camt.053", "camt.054" or "mt940"
    account_iban: str
    statement_id: str
    created_at: datetime | None
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    currency: str
    transactions: list[Transaction]

    def checksums(self) -> list[str]:
        """One checksum per transaction, in order; identical transactions get increasing occurrences.

        Counting occurrences within the statement keeps two real, identical payments apart, while the
        same statement imported again (or an overlapping one) yields the same keys.
        """
        seen: Counter[str] = Counter()
        result = []
        for transaction in self.transactions:
            base = transaction.checksum(self.account_iban)
            result.append(transaction.checksum(self.account_iban, occurrence=seen[base]))
            seen[base] += 1
        return result

    def balance_gap(self) -> Decimal | None:
        """closing - opening - sum of amounts; non-zero means the file does not add up (flag it, do not guess)."""
        if self.opening_balance is None or self.closing_balance is None:
            return None
        total = sum((t.amount for t in self.transactions), Decimal("0"))
        return self.closing_balance - self.opening_balance - total


def _norm(value: str | None) -> str:
    return "".join((value or "").split()).upper()


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _amount_text(amount: Decimal) -> str:
    # 10.5 and 10.50 are the same money; the fingerprint must not depend on how a file wrote it.
    cents = amount.quantize(Decimal("0.01"))
    return f"{cents:f}" if cents == amount else f"{amount:f}"
