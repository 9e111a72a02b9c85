"""SWIFT MT940 customer statements as Dutch banks deliver them (one file may hold many statements).

A statement is :20: reference, :25: account, :28C: number, :60F:/:60M: opening balance, any number of
:61: lines each optionally followed by :86: details, and :62F:/:62M: closing balance. The :86: layouts
differ per bank and live in ``mt940_86``. See reference/law-and-standards.md §3.4.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NoReturn

from schwifty.exceptions import InvalidCountryCode
from schwifty.registry import get_iban_spec

from .base import ParseError, Statement, Transaction
from .mt940_86 import detect_bank, parse_details
from .values import clean_reference, entry_date, parse_mt940_amount, parse_yymmdd

_TAG = re.compile(r":(\d{2}[A-Z]?):(.*)")
# Lines that may stand between statements: SWIFT blocks {1:…}{2:…}{4: … -}, Rabobank's ":940:",
# ABN AMRO's bare "ABNANL2A / 940 / ABNANL2A" header, blank lines.
_BETWEEN = re.compile(r"\s*|\{.*|\}.*|-\}?.*|:940:|940|[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_HEADER_BIC = re.compile(r"\{1:F\d{2}([A-Z]{6}[A-Z0-9]{2})|([A-Z]{6}[A-Z0-9]{2})(?:[A-Z0-9]{3})?")
_BALANCE = re.compile(r"([CD])(\d{6})([A-Z]{3})([0-9,]+)")
_LINE_61 = re.compile(
    r"(?P<value>\d{6})(?P<entry>\d{4})?(?P<mark>RC|RD|C|D)(?P<funds>[A-Z])?(?P<amount>[0-9,]+)"
    r"(?P<type>[NFS][A-Z0-9]{3})(?P<customer>.*?)(?://(?P<bank>.*))?"
)
_BANK_REFERENCE_LENGTH = 16


@dataclass
class _Field:
    tag: str
    lines: list[str]
    line: int


@dataclass
class _Message:
    fields: list[_Field] = field(default_factory=list)
    header_bic: str | None = None


def looks_like_mt940(text: str) -> bool:
    return bool(re.search(r"^:20:", text, re.M) and re.search(r"^:25:", text, re.M))


def decode(data: bytes) -> str:
    """Dutch banks write MT940 in UTF-8 or Windows-1252/Latin-1; the first that fits wins."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_mt940(text: str) -> list[Statement]:
    messages = _split_messages(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if not messages:
        raise ParseError(
            line=None,
            reason_en="no MT940 statement (:20:) found",
            reason_nl="geen MT940-afschrift (:20:) gevonden",
        )
    return [_statement(message) for message in messages]


def _split_messages(lines: list[str]) -> list[_Message]:
    messages: list[_Message] = []
    current: _Message | None = None
    header_bic: str | None = None
    for number, line in enumerate(lines, start=1):
        if tag := _TAG.fullmatch(line):
            if tag.group(1) == "20":
                current = _Message(header_bic=header_bic)
                messages.append(current)
            elif current is None:
                _fail(
                    number,
                    f"field :{tag.group(1)}: outside a statement (before :20:)",
                    f"veld :{tag.group(1)}: buiten een afschrift (vóór :20:)",
                )
            current.fields.append(_Field(tag.group(1), [tag.group(2)], number))
        elif current is not None and _ends_message(line, lines, number):
            current = None
        elif current is not None:
            if line.strip():  # a blank line inside a field carries nothing
                current.fields[-1].lines.append(line)
        elif _BETWEEN.fullmatch(line):
            if bic := _HEADER_BIC.fullmatch(line) or _HEADER_BIC.match(line):
                header_bic = bic.group(1) or bic.group(2)
        else:
            _fail(
                number,
                f"unexpected text outside a statement: {line[:40]!r}",
                f"onverwachte tekst buiten een afschrift: {line[:40]!r}",
            )
    return messages


def _ends_message(line: str, lines: list[str], number: int) -> bool:
    """'-}' and '}' end a message; a bare '-' only when nothing but header lines follow up to a :20:.

    A bare '-' can also be a wrapped continuation (ING wraps "MND-EV01" as "MND" / "-" / "EV01").
    """
    stripped = line.strip()
    if stripped.startswith(("}", "-}")):
        return True
    if stripped != "-":
        return False
    for following in lines[number:]:  # lines after this one (number is 1-based)
        if tag := _TAG.fullmatch(following):
            return tag.group(1) == "20"
        if not _BETWEEN.fullmatch(following):
            return False
    return True


def _statement(message: _Message) -> Statement:
    fields = message.fields
    reference = _single(fields, ("20",), required=True)
    account_field = _single(fields, ("25",), required=True, after=reference)
    number_field = _single(fields, ("28C", "28"), required=False, after=reference)
    opening_field = _single(fields, ("60F", "60M"), required=True, after=reference)
    closing_field = _single(fields, ("62F", "62M"), required=True, after=reference)
    if not (reference and account_field and opening_field and closing_field):  # required=True raised already
        raise AssertionError
    account = _account(_value(account_field))
    opening, currency = _balance(opening_field)
    closing, closing_currency = _balance(closing_field)
    if closing_currency != currency:
        _fail(
            closing_field.line,
            f"closing balance in {closing_currency}, opening in {currency}",
            f"eindsaldo in {closing_currency}, beginsaldo in {currency}",
        )
    bank = detect_bank(account, message.header_bic, _value(reference))
    transactions = []
    for index, item in enumerate(fields):
        if item.tag != "61":
            continue
        if item.line < opening_field.line or item.line > closing_field.line:
            _fail(
                item.line,
                ":61: outside the opening (:60F:) and closing (:62F:) balance",
                ":61: buiten begin- (:60F:) en eindsaldo (:62F:)",
            )
        following = fields[index + 1] if index + 1 < len(fields) else None
        info = following.lines if following is not None and following.tag == "86" else []
        transactions.append(_transaction(item, info, currency, bank))
    statement_id = _value(reference) + (f"/{_value(number_field)}" if number_field else "")
    return Statement(
        format="mt940",
        account_iban=account,
        statement_id=statement_id,
        created_at=None,
        opening_balance=opening,
        closing_balance=closing,
        currency=currency,
        transactions=transactions,
    )


def _transaction(item: _Field, info: list[str], currency: str, bank: str | None) -> Transaction:
    first, *rest = [line.strip() for line in item.lines]
    match = _LINE_61.fullmatch(first)
    if match is None:
        _fail(
            item.line,
            f"cannot read statement line :61:{first} (expected YYMMDD[MMDD]C|D amount N code reference)",
            f"statementregel :61:{first} is onleesbaar (verwacht JJMMDD[MMDD]C|D bedrag N-code referentie)",
        )
    value_date = parse_yymmdd(match["value"], line=item.line)
    booking_date = entry_date(value_date, match["entry"], line=item.line) if match["entry"] else value_date
    amount = parse_mt940_amount(match["amount"], line=item.line)
    # RC (reversal of a credit) takes money off the account, RD (reversal of a debit) puts it back.
    signed = amount if match["mark"] in ("C", "RD") else -amount
    bank_reference = match["bank"]
    if (
        bank_reference is not None
        and rest
        and not rest[0].startswith("/")
        and len(bank_reference) + len(rest[0]) <= _BANK_REFERENCE_LENGTH
    ):
        # Some banks wrap the 16-character bank reference onto the next line.
        bank_reference += rest.pop(0)
    details = parse_details(bank, info, "".join(rest), credit=signed >= 0)
    type_code = match["type"]
    return Transaction(
        bank_reference=clean_reference(bank_reference),
        booking_date=booking_date,
        value_date=value_date,
        amount=signed,
        currency=currency,
        counterparty_name=details.counterparty_name,
        counterparty_iban=details.counterparty_iban,
        counterparty_bic=details.counterparty_bic,
        remittance_text=details.remittance_text,
        structured_reference=details.structured_reference or _kenmerk_shaped(match["customer"]),
        end_to_end_id=details.end_to_end_id,
        mandate_id=details.mandate_id,
        return_reason=details.return_reason,
        # NRTI is SWIFT's "returned item"; a return reason or ABN's STORNO type mark a storno too.
        is_reversal=match["mark"] in ("RC", "RD")
        or type_code == "NRTI"
        or bool(details.return_reason)
        or details.reversal_hint,
        bank_transaction_code=";".join(part for part in (type_code, details.bank_code) if part),
        batch_reference=details.batch_reference,
        line=item.line,
    )


def _kenmerk_shaped(customer_reference: str) -> str | None:
    # ING echoes the payment's betalingskenmerk as the :61: customer reference, also when :86: omits it.
    return customer_reference if re.fullmatch(r"\d{7,16}", customer_reference) else None


def _single(
    fields: list[_Field], tags: tuple[str, ...], *, required: bool, after: _Field | None = None
) -> _Field | None:
    found = [item for item in fields if item.tag in tags]
    where = after.line if after else (fields[0].line if fields else None)
    if required and not found:
        _fail(
            fields[-1].line if fields else None,
            f"field :{tags[0]}: missing in the statement starting at line {where} (file truncated?)",
            f"veld :{tags[0]}: ontbreekt in het afschrift vanaf regel {where} (bestand afgekapt?)",
        )
    if len(found) > 1:
        _fail(
            found[1].line,
            f"field :{tags[0]}: appears twice in one statement",
            f"veld :{tags[0]}: komt twee keer voor in één afschrift",
        )
    return found[0] if found else None


def _balance(item: _Field) -> tuple[Decimal, str]:
    match = _BALANCE.fullmatch(_value(item))
    if match is None:
        _fail(
            item.line,
            f"cannot read balance :{item.tag}:{_value(item)} (expected C|D YYMMDD currency amount)",
            f"saldo :{item.tag}:{_value(item)} is onleesbaar (verwacht C|D JJMMDD valuta bedrag)",
        )
    parse_yymmdd(match.group(2), line=item.line)  # validated; the balance date is not part of the result
    amount = parse_mt940_amount(match.group(4), line=item.line)
    return (amount if match.group(1) == "C" else -amount), match.group(3)


def _account(value: str) -> str:
    """':25:' is an IBAN (ING adds the currency: NL77INGB0574908765EUR), an old account, or BIC/account."""
    account = value.split("/")[-1].replace(" ", "").upper()
    if len(account) > 3 and account[-3:].isalpha() and len(account) - 3 == _iban_length(account[:2]):
        return account[:-3]
    return account


def _iban_length(country: str) -> int | None:
    # By length, not by check digits: test files carry IBANs with wrong check digits, and the
    # account is only an identifier here (validation belongs to whoever links it to a bank account).
    try:
        return get_iban_spec(country).iban_length
    except InvalidCountryCode:
        return None


def _value(item: _Field) -> str:
    # Header fields wrap like everything else (ING wraps :28C: as "0000" / "0"); they carry no spaces.
    return "".join(line.strip() for line in item.lines)


def _fail(line: int | None, reason_en: str, reason_nl: str) -> NoReturn:
    raise ParseError(line=line, reason_en=reason_en, reason_nl=reason_nl)
