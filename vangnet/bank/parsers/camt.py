"""ISO 20022 camt.053 (BkToCstmrStmt) and camt.054 (BkToCstmrDbtCdtNtfctn), any version from .001.02 on.

Element names are stable across versions, so namespaces are stripped and one reader serves them all; the
few version differences (Sts/Cd from .09, Pty wrappers and BICFI from .04/.08, TxDtls/Amt from .04) are
handled where they occur. See reference/law-and-standards.md §3.1.
"""

import re
from datetime import date
from decimal import Decimal
from typing import NoReturn

from lxml import etree
from lxml.etree import _Element

from .base import ParseError, Statement, Transaction
from .values import (
    clean,
    clean_reference,
    labelled_kenmerk,
    parse_camt_amount,
    parse_iso_date,
    parse_iso_datetime,
    structured_reference,
)

CAMT_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.001\.(\d{2})")
_CONTAINERS = {"camt.053": ("BkToCstmrStmt", "Stmt"), "camt.054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn")}
_Party = tuple[str | None, str | None, str | None]  # name, account, BIC


def load_xml(data: bytes) -> _Element:
    """Parse untrusted XML: no network, no DTD, no entity expansion, no huge-tree mode."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(
            line=exc.lineno,
            reason_en=f"the file is not well-formed XML: {exc.msg}",
            reason_nl=f"het bestand is geen geldige XML: {exc.msg}",
        ) from None
    if root.getroottree().docinfo.doctype:
        # Bank files never declare a DTD; one here can only be an entity trick (XXE, billion laughs).
        raise ParseError(
            line=1,
            reason_en="the XML declares a DOCTYPE, which bank statements never do",
            reason_nl="de XML bevat een DOCTYPE-declaratie, wat bankafschriften nooit hebben",
        )
    return root


def camt_kind(root: _Element) -> str | None:
    """'camt.053' or 'camt.054' for a supported ISO 20022 namespace, else None."""
    match = CAMT_NAMESPACE.fullmatch(etree.QName(root).namespace or "")
    if match is None or int(match.group(2)) < 2:
        return None
    return match.group(1)


def parse_camt(root: _Element, kind: str) -> list[Statement]:
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
    container_tag, item_tag = _CONTAINERS[kind]
    container = root.find(container_tag)
    if container is None:
        _fail(root, f"{kind} without {container_tag}", f"{kind} zonder {container_tag}")
    group_created = _text(container, "GrpHdr/CreDtTm")
    items = container.findall(item_tag)
    if not items:
        _fail(container, f"{kind} without any {item_tag}", f"{kind} zonder {item_tag}")
    return [_statement(item, kind, group_created) for item in items]


def _statement(item: _Element, kind: str, group_created: str | None) -> Statement:
    statement_id = _text(item, "Id") or _fail(item, "statement without Id", "afschrift zonder Id")
    account = _text(item, "Acct/Id/IBAN") or _text(item, "Acct/Id/Othr/Id")
    if not account:
        _fail(item, "statement without account (Acct/Id)", "afschrift zonder rekening (Acct/Id)")
    account = account.replace(" ", "").upper()
    created = _text(item, "CreDtTm") or group_created
    balances = {code: amount for code, amount in reversed([_balance(bal) for bal in item.findall("Bal")])}
    entries = item.findall("Ntry")
    amounts = [bal.find("Amt") for bal in item.findall("Bal")] + [entry.find("Amt") for entry in entries]
    currency = (
        _text(item, "Acct/Ccy")
        or next((el.get("Ccy") for el in amounts if el is not None and el.get("Ccy")), None)
        # Nothing carries a currency only when there is no money in the statement at all.
        or "EUR"
    )
    transactions: list[Transaction] = []
    for entry in entries:
        if _status(entry) == "BOOK":
            # Pending (PDNG) and informational (INFO) entries are not on the account yet; the booked
            # entry follows in a later statement and is taken from there.
            transactions.extend(_entry(entry, currency, account))
    return Statement(
        format=kind,
        account_iban=account,
        statement_id=statement_id,
        created_at=parse_iso_datetime(created, line=item.sourceline) if created else None,
        opening_balance=balances.get("OPBD", balances.get("PRCD")),
        closing_balance=balances.get("CLBD"),
        currency=currency,
        transactions=transactions,
    )


def _balance(bal: _Element) -> tuple[str, Decimal]:
    code = _text(bal, "Tp/CdOrPrtry/Cd") or _text(bal, "Tp/CdOrPrtry/Prtry") or ""
    return code, _signed(bal, _amount(bal, "Amt"))


def _status(entry: _Element) -> str:
    # Sts is a code up to .08 and a choice <Sts><Cd>…</Cd></Sts> from .09; absent means booked.
    return (_text(entry, "Sts/Cd") or _text(entry, "Sts") or "BOOK").upper()


def _entry(entry: _Element, currency: str, own_account: str) -> list[Transaction]:
    amount = _signed(entry, _amount(entry, "Amt"))
    entry_currency = entry.find("Amt").get("Ccy") or currency
    details = [
        (tx, entry_details.find("Btch"))
        for entry_details in entry.findall("NtryDtls")
        for tx in entry_details.findall("TxDtls")
    ]
    if len(details) <= 1:
        # Without TxDtls a collection batch is still recognisable by its Btch/PmtInfId.
        tx, batch = details[0] if details else (None, entry.find("NtryDtls/Btch"))
        return [_transaction(entry, tx, batch, amount, entry_currency, own_account, None)]
    # A batch (returned collections, a bulk credit) is split so each tenant's money is matched on its
    # own; the parts must add up to the booked entry or money would appear or vanish.
    amounts = [_tx_amount(tx, entry, entry_currency) for tx, _ in details]
    if sum(amounts, Decimal("0")) != amount:
        _fail(
            entry,
            f"the {len(details)} transaction details add up to {sum(amounts)}, not to the entry amount {amount}",
            f"de {len(details)} transactiedetails tellen op tot {sum(amounts)}, niet tot het boekingsbedrag {amount}",
        )
    return [
        _transaction(entry, tx, batch, part, entry_currency, own_account, index)
        for index, ((tx, batch), part) in enumerate(zip(details, amounts, strict=True), start=1)
    ]


def _tx_amount(tx: _Element, entry: _Element, currency: str) -> Decimal:
    for path in ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/CntrValAmt/Amt", "AmtDtls/InstdAmt/Amt"):
        element = tx.find(path)
        if element is not None and (element.get("Ccy") or currency) == currency:
            holder = tx if tx.find("CdtDbtInd") is not None else entry
            return _signed(holder, parse_camt_amount(element.text, line=element.sourceline))
    return _fail(
        tx,
        f"batch transaction details without an amount in {currency}",
        f"batchtransactie zonder bedrag in {currency}",
    )


def _transaction(
    entry: _Element,
    tx: _Element | None,
    batch: _Element | None,
    amount: Decimal,
    currency: str,
    own_account: str,
    index: int | None,
) -> Transaction:
    source = tx if tx is not None else entry
    booking = _date(entry, "BookgDt") or _date(entry, "ValDt")
    if booking is None:
        _fail(entry, "entry without booking date (BookgDt)", "boeking zonder boekdatum (BookgDt)")
    entry_reference = _text(entry, "AcctSvcrRef")
    reference = _text(source, "Refs/AcctSvcrRef") if tx is not None else None
    if reference is None and entry_reference is not None:
        # Split parts share the entry's reference; the position keeps each part's key unique and stable.
        reference = entry_reference if index is None else f"{entry_reference}#{index}"
    name, iban, bic = _counterparty(source, amount, own_account)
    unstructured = clean(" ".join(t for t in (el.text for el in source.findall("RmtInf/Ustrd")) if t))
    remittance = (
        unstructured
        or clean(_text(source, "RmtInf/Strd/AddtlRmtInf"))
        or clean(_text(source, "AddtlTxInf"))
        or clean(_text(entry, "AddtlNtryInf"))
    )
    creditor_ref = source.find("RmtInf/Strd/CdtrRefInf")
    structured = None
    if creditor_ref is not None:
        structured = structured_reference(_text(creditor_ref, "Ref"), _text(creditor_ref, "Tp/Issr"))
    return_reason = _text(source, "RtrInf/Rsn/Cd") or _text(source, "RtrInf/Rsn/Prtry")
    code_holder = source if source.find("BkTxCd") is not None else entry
    return Transaction(
        bank_reference=reference,
        booking_date=booking,
        value_date=_date(entry, "ValDt") or booking,
        amount=amount,
        currency=currency,
        counterparty_name=name,
        counterparty_iban=iban,
        counterparty_bic=bic,
        remittance_text=remittance,
        structured_reference=structured or labelled_kenmerk(unstructured),
        end_to_end_id=clean_reference(_text(source, "Refs/EndToEndId")),
        mandate_id=clean_reference(_text(source, "Refs/MndtId")),
        return_reason=return_reason.upper() if return_reason else None,
        is_reversal=(_text(entry, "RvslInd") or "").lower() in ("true", "1") or return_reason is not None,
        bank_transaction_code=_bank_code(code_holder.find("BkTxCd")),
        batch_reference=(
            (_text(batch, "PmtInfId") if batch is not None else None)
            or _text(source, "Refs/PmtInfId")
            or (_text(batch, "MsgId") if batch is not None else None)
        ),
        line=source.sourceline,
    )


def _counterparty(source: _Element, amount: Decimal, own_account: str) -> _Party:
    """The other side: the debtor of a credit, the creditor of a debit.

    A returned collection keeps the original roles (we stay the creditor), so when the expected side
    is our own account, the other side is the counterparty.
    """
    expected, other = (
        _party(source, side) for side in (("Dbtr", "Cdtr") if amount >= 0 else ("Cdtr", "Dbtr"))
    )
    if expected[1] is not None and expected[1] == own_account.upper() and (other[0] or other[1]):
        return other
    return expected


def _party(source: _Element, side: str) -> _Party:
    name = _text(source, f"RltdPties/{side}/Nm") or _text(source, f"RltdPties/{side}/Pty/Nm")
    account = _text(source, f"RltdPties/{side}Acct/Id/IBAN") or _text(
        source, f"RltdPties/{side}Acct/Id/Othr/Id"
    )
    bic = _text(source, f"RltdAgts/{side}Agt/FinInstnId/BIC") or _text(
        source, f"RltdAgts/{side}Agt/FinInstnId/BICFI"
    )
    return clean(name), account.replace(" ", "").upper() if account else None, bic


def _bank_code(code: _Element | None) -> str | None:
    if code is None:
        return None
    domain = "/".join(
        part
        for part in (_text(code, "Domn/Cd"), _text(code, "Domn/Fmly/Cd"), _text(code, "Domn/Fmly/SubFmlyCd"))
        if part
    )
    return ";".join(part for part in (domain, _text(code, "Prtry/Cd")) if part) or None


def _date(entry: _Element, path: str) -> date | None:
    element = entry.find(f"{path}/Dt")
    if element is None:
        element = entry.find(f"{path}/DtTm")
    if element is None:
        return None
    return parse_iso_date(element.text, line=element.sourceline)


def _amount(holder: _Element, path: str) -> Decimal:
    element = holder.find(path)
    if element is None:
        _fail(holder, f"{holder.tag} without {path}", f"{holder.tag} zonder {path}")
    return parse_camt_amount(element.text, line=element.sourceline)


def _signed(holder: _Element, amount: Decimal) -> Decimal:
    indicator = _text(holder, "CdtDbtInd")
    if indicator == "CRDT":
        return amount
    if indicator == "DBIT":
        return -amount
    return _fail(
        holder,
        f"{holder.tag} has CdtDbtInd {indicator!r}, expected CRDT or DBIT",
        f"{holder.tag} heeft CdtDbtInd {indicator!r}, verwacht CRDT of DBIT",
    )


def _text(element: _Element | None, path: str) -> str | None:
    if element is None:
        return None
    found = element.find(path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _fail(element: _Element, reason_en: str, reason_nl: str) -> NoReturn:
    raise ParseError(line=element.sourceline, reason_en=reason_en, reason_nl=reason_nl)
