"""bank_account_add / bank_account_remove: the accounts whose statements the corporation imports."""

from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils.translation import gettext
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.bank.accounts import account_key, bank_accounts_known, same_account
from vangnet.bank.models import (
    BankAccount,
    BankAccountPurpose,
    BankStatementImport,
    StatementImportStatus,
)
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User

# Old Dutch account numbers: Postbank's had as few as 7 digits, the banks' 9 or 10.
_DOMESTIC_DIGITS = range(7, 11)


# How many of the latest refused statements vouch for an account whose check digits fail.
_RECENT_REFUSALS = 50


def _named_by_a_refused_statement(corporation: Corporation, key: str) -> bool:
    """A bank's own file is the authority on how it writes the account, check digits or not (test files and
    some exports carry IBANs that fail the check); a typo of an administrator has no such file behind it."""
    recent = BankStatementImport.objects.filter(
        corporation=corporation, status=StatementImportStatus.REJECTED
    ).values_list("errors", flat=True)[:_RECENT_REFUSALS]
    return any(error.get("account") == key for errors in recent for error in errors)


def _checked(corporation: Corporation, account: str) -> tuple[str, str]:
    """The account in stored form and its bank's name, or ApplicationError."""
    key = account_key(account)
    if key.isdigit() and len(key.lstrip("0")) in _DOMESTIC_DIGITS:
        return key.lstrip("0"), ""
    try:
        iban = IBAN(key)
    except SchwiftyException:
        if _named_by_a_refused_statement(corporation, key):
            return key, ""
        raise ApplicationError(
            gettext("%(account)s is geen geldig IBAN of rekeningnummer.") % {"account": account.strip()}
        ) from None
    return iban.compact, iban.bank_name or ""


def bank_account_add(
    *,
    corporation: Corporation,
    account: str,
    actor: User | str | None,
    name: str = "",
    bank: str = "",
    purpose: str = BankAccountPurpose.RENT,
) -> BankAccount:
    key, bank_name = _checked(corporation, account)
    if purpose not in BankAccountPurpose.values:
        raise ApplicationError(gettext("Kies waarvoor de rekening wordt gebruikt."))
    if any(same_account(key, known.account) for known in bank_accounts_known(corporation=corporation)):
        raise ApplicationError(
            gettext("Rekening %(account)s staat al bij de bankrekeningen van %(corporation)s.")
            % {"account": key, "corporation": corporation.name}
        )
    row = BankAccount(
        corporation=corporation,
        account=key,
        name=name.strip()[:100],
        bank=(bank.strip() or bank_name)[:100],
        purpose=purpose,
    )
    try:
        with db_transaction.atomic():
            row.save()
            log_action(
                corporation=corporation,
                actor=actor,
                action="bank_account.added",
                obj=row,
                data={"account": row.account, "name": row.name, "purpose": row.purpose},
            )
    except IntegrityError:
        # A colleague added the same account a moment ago.
        raise ApplicationError(
            gettext("Rekening %(account)s staat al bij de bankrekeningen van %(corporation)s.")
            % {"account": key, "corporation": corporation.name}
        ) from None
    return row


def bank_account_remove(*, account: BankAccount, actor: User | str | None) -> None:
    """Statements of the account are refused from now on; what was booked from it stays."""
    with db_transaction.atomic():
        log_action(
            corporation=account.corporation,
            actor=actor,
            action="bank_account.removed",
            obj=account,
            data={"account": account.account, "name": account.name},
        )
        account.delete()
