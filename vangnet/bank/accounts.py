"""Which accounts are the corporation's: the one on its letters (Corporation.iban) and its BankAccount rows.

A statement names its account as an IBAN, or, in older MT940 files, as the bare domestic account number;
both must find the same account.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from vangnet.bank.models import BankAccount, BankAccountPurpose
from vangnet.core.models import Corporation


def account_key(value: str | None) -> str:
    """The form accounts are stored and compared in: no spaces, upper case."""
    return "".join((value or "").split()).upper()


def _domestic_number(key: str) -> str | None:
    """The old Dutch account number inside an account: a bare number, or the last ten digits of an NL IBAN."""
    if key.isdigit():
        return key.lstrip("0")
    if key.startswith("NL") and len(key) == 18 and key[8:].isdigit():
        return key[8:].lstrip("0")
    return None


def same_account(first: str, second: str) -> bool:
    a, b = account_key(first), account_key(second)
    if not a or not b:
        return False
    if a == b:
        return True
    # Only a bare number is compared by its digits: two IBANs of different banks never match this way.
    if a.isdigit() == b.isdigit():
        return False
    number = _domestic_number(a)
    return number is not None and number == _domestic_number(b)


@dataclass(frozen=True)
class KnownAccount:
    account: str
    name: str
    bank: str
    purpose: str
    # The account on the corporation's letters and direct debits; changed with the corporation's settings.
    main: bool
    pk: int | None = None


def bank_accounts_known(*, corporation: Corporation) -> list[KnownAccount]:
    """The main account first, then the added ones in order of account."""
    known = []
    if account_key(corporation.iban):
        known.append(
            KnownAccount(
                account=account_key(corporation.iban),
                name=corporation.name,
                bank="",
                purpose=BankAccountPurpose.RENT,
                main=True,
            )
        )
    for row in BankAccount.objects.filter(corporation=corporation).order_by("account"):
        known.append(
            KnownAccount(
                account=row.account, name=row.name, bank=row.bank, purpose=row.purpose, main=False, pk=row.pk
            )
        )
    return known


def unknown_accounts(*, corporation: Corporation, accounts: Iterable[str]) -> list[str]:
    """The accounts among these that are not the corporation's, in order, each once."""
    known = [account.account for account in bank_accounts_known(corporation=corporation)]
    unknown: list[str] = []
    for account in accounts:
        key = account_key(account)
        if key not in unknown and not any(same_account(key, mine) for mine in known):
            unknown.append(key)
    return unknown
