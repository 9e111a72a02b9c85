"""One day's input for the benchmarks, written from the benchmark portfolio itself (not timed).

`write_ledger_delta`: the ERP's delta of one day (ledger_entries.csv: payments the ERP booked and
corrections), about `rows` entries spread evenly over the contracts. `camt053_day`: the morning's bank
statement in camt.053.001.02 with single payments carrying the betalingskenmerk, one direct-debit batch
(an entry with one TxDtls per collection) and returned collections (DBIT with RtrInf, reason MD06). The
identifiers carry `tag`, so a rerun on a reused portfolio books new money instead of repeats.
"""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.db import connection

from vangnet.core import sql
from vangnet.core.models import Corporation
from vangnet.ledger.importing.schema import LEDGER_ENTRIES
from vangnet.ledger.models import Contract, ContractStanding, PaymentMethod

CAMT053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
DEBTOR_IBAN = "NL91ABNA0417164300"


def _contracts(corporation: Corporation, where: str = "", every: int = 1, limit: int | None = None) -> list:
    """(id, source_id, monthly total, payment reference, payment method, overdue) of every `every`-th contract."""
    every = max(every, 1)
    statement = (
        f"SELECT c.id, c.source_id, c.monthly_rent + c.monthly_service_costs, c.payment_reference, "
        f"c.payment_method, COALESCE(s.overdue_amount, 0) FROM {sql.table(Contract)} c "
        f"LEFT JOIN {sql.table(ContractStanding)} s ON s.contract_id = c.id "
        f"WHERE c.corporation_id = %s AND c.removed_from_source_at IS NULL {where} "
        f"AND c.id %% {every} = 0 ORDER BY c.id"
    )
    if limit is not None:
        statement += f" LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(statement, [corporation.pk])
        return cursor.fetchall()


def write_ledger_delta(directory: Path, *, corporation: Corporation, as_of: date, rows: int, tag: str) -> int:
    """ledger_entries.csv with about `rows` new entries; returns the number written."""
    total = _count(corporation)
    chosen = _contracts(corporation, every=max(total // max(rows, 1), 1), limit=rows)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "ledger_entries.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(LEDGER_ENTRIES.column_names)
        for number, (_, source_id, monthly, *_rest) in enumerate(chosen):
            payment = number % 10 < 7
            amount = Decimal(monthly) if payment else Decimal("12.50")
            values = {
                "entry_id": f"{tag}-{number}",
                "contract_id": source_id,
                "kind": "payment" if payment else "correction",
                "category": "",
                "booking_date": as_of.isoformat(),
                "due_date": as_of.isoformat(),
                "amount": f"{amount:.2f}",
                "payment_reference": "",
                "linked_entry_id": "",
                "reversal_reason": "",
                "description": "Betaling" if payment else "Herberekening servicekosten",
            }
            writer.writerow([values[name] for name in LEDGER_ENTRIES.column_names])
    return len(chosen)


def _count(corporation: Corporation) -> int:
    return Contract.objects.filter(corporation=corporation, removed_from_source_at__isnull=True).count()


def camt053_day(*, corporation: Corporation, as_of: date, tag: str, share: float = 0.02) -> tuple[bytes, int]:
    """The day's statement and the number of transactions in it."""
    total = _count(corporation)
    every = max(int(1 / share), 1)
    in_arrears = _contracts(corporation, where="AND s.overdue_amount > 0", every=max(every // 10, 1))
    payers = in_arrears[: max(int(total * share), 1)]
    debits = _contracts(
        corporation, where=f"AND c.payment_method = '{PaymentMethod.DIRECT_DEBIT}'", every=every // 2
    )
    returned, collected = debits[: max(len(debits) // 20, 1)], debits[max(len(debits) // 20, 1) :]
    entries = [_payment(row, as_of, f"{tag}-P{n}") for n, row in enumerate(payers)]
    if collected:
        entries.append(_collection_batch(collected, as_of, tag))
    entries += [_return(row, as_of, f"{tag}-R{n}") for n, row in enumerate(returned)]
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{CAMT053}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>{tag}</MsgId><CreDtTm>{as_of.isoformat()}T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{tag}</Id>
      <CreDtTm>{as_of.isoformat()}T06:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>{corporation.iban.replace(" ", "")}</IBAN></Id><Ccy>EUR</Ccy></Acct>
{"".join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
"""
    return document.encode(), len(payers) + len(collected) + len(returned)


def _dates(as_of: date) -> str:
    return f"<BookgDt><Dt>{as_of.isoformat()}</Dt></BookgDt><ValDt><Dt>{as_of.isoformat()}</Dt></ValDt>"


def _payment(row, as_of: date, reference: str) -> str:
    _, source_id, monthly, payment_reference, _, overdue = row
    amount = min(Decimal(overdue), Decimal(monthly))
    return f"""      <Ntry><Amt Ccy="EUR">{amount:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>{_dates(as_of)}
        <AcctSvcrRef>{reference}</AcctSvcrRef>
        <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><Dbtr><Nm>Huurder {escape(source_id)}</Nm></Dbtr><DbtrAcct><Id><IBAN>{DEBTOR_IBAN}</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp><Ref>{payment_reference}</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls></Ntry>
"""


def _collection_batch(rows: list, as_of: date, tag: str) -> str:
    parts = []
    for contract_id, source_id, monthly, payment_reference, _, _ in rows:
        parts.append(
            f"""          <TxDtls><Refs><EndToEndId>{tag}-D{contract_id}</EndToEndId><MndtId>M{escape(source_id)}</MndtId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">{Decimal(monthly):.2f}</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>Huurder {escape(source_id)}</Nm></Dbtr><DbtrAcct><Id><IBAN>{DEBTOR_IBAN}</IBAN></Id></DbtrAcct></RltdPties>
            <RmtInf><Ustrd>Huur {payment_reference}</Ustrd></RmtInf></TxDtls>
"""
        )
    total = sum((Decimal(row[2]) for row in rows), Decimal("0"))
    return f"""      <Ntry><Amt Ccy="EUR">{total:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>{_dates(as_of)}
        <AcctSvcrRef>{tag}-DD</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><Btch><PmtInfId>{tag}-DD</PmtInfId><NbOfTxs>{len(rows)}</NbOfTxs></Btch>
{"".join(parts)}        </NtryDtls></Ntry>
"""


def _return(row, as_of: date, reference: str) -> str:
    contract_id, source_id, monthly, _, _, _ = row
    return f"""      <Ntry><Amt Ccy="EUR">{Decimal(monthly):.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>{_dates(as_of)}
        <AcctSvcrRef>{reference}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>{reference}-{contract_id}</EndToEndId><MndtId>M{escape(source_id)}</MndtId></Refs>
          <RltdPties><Dbtr><Nm>Huurder {escape(source_id)}</Nm></Dbtr><DbtrAcct><Id><IBAN>{DEBTOR_IBAN}</IBAN></Id></DbtrAcct></RltdPties>
          <RtrInf><Rsn><Cd>MD06</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>
"""
