"""Small synthetic bank files for tests that need one specific feature or defect."""

CAMT053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"


def camt053(entries: str, *, version: str = "02", account: str = "NL91ABNA0417164300") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{CAMT053.format(version=version)}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-02T08:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>S1</Id>
      <CreDtTm>2026-03-02T08:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
{entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def ntry(
    amount: str = "750.00",
    indicator: str = "CRDT",
    *,
    status: str = "<Sts>BOOK</Sts>",
    details: str = "",
    extra: str = "",
) -> str:
    return f"""      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt>
        <CdtDbtInd>{indicator}</CdtDbtInd>
        {extra}
        {status}
        <BookgDt><Dt>2026-03-02</Dt></BookgDt>
        <ValDt><DtTm>2026-03-02T00:00:00</DtTm></ValDt>
        <AcctSvcrRef>REF-1</AcctSvcrRef>
        {details}
      </Ntry>"""


MT940_HEADER = """{1:F01INGBNL2ABXXX0000000000}
{2:I940INGBNL2AXXXN}
{4:
:20:P260302000000001
:25:NL20INGB0001234567EUR
:28C:00001
:60F:C260301EUR1000,00
"""


def mt940(body: str, *, closing: str = ":62F:C260302EUR1750,00\n-}\n") -> bytes:
    return (MT940_HEADER + body + closing).encode()


PAYMENT_61 = ":61:2603020302C750,00NTRFNONREF//26061000000001\n/TRCD/00100/\n"
PAYMENT_86 = ":86:/EREF/E2E-1//CNTP/NL02ABNA0123456789/ABNANL2A/J. Jansen///REMI/STRD/CUR/5000056789012345/\n"
