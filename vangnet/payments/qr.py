"""The EPC QR code ("GiroCode", EPC069-12) for letters: scan it in a banking app and the transfer is filled in.

epc_qr_payload is pure and validates what it is given (IBAN and BIC with schwifty); the renderers hand
the payload to segno at error level M, as the standard requires, and refuse a symbol above version 13.
Payload lines, in order, separated by LF, with nothing after the last element that is used:
BCD · version · charset (1 = UTF-8) · SCT · BIC · name · IBAN · EUR<amount> · purpose · structured
reference · unstructured text · information for the payer.
"""

import io
from decimal import Decimal

import segno
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.ledger.payment_reference import is_valid_payment_reference

MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")
MAX_VERSION = 13


class EpcQrError(ValueError):
    """The input cannot make a valid EPC QR code; the message says which field and why."""


def epc_qr_payload(
    *,
    name: str,
    iban: str,
    amount: Decimal | None,
    bic: str = "",
    reference: str = "",
    text: str = "",
    purpose: str = "",
    information: str = "",
    version: str = "002",
) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 70:
        raise EpcQrError("name: 1 to 70 characters")
    try:
        iban_value = IBAN(iban).compact
    except SchwiftyException as exc:
        raise EpcQrError(f"iban: {exc}") from exc
    bic_value = ""
    if bic:
        try:
            bic_value = str(BIC(bic))
        except SchwiftyException as exc:
            raise EpcQrError(f"bic: {exc}") from exc
    if version not in ("001", "002"):
        raise EpcQrError("version: 001 or 002")
    if version == "001" and not bic_value:
        raise EpcQrError("bic: required in version 001")
    amount_text = ""
    if amount is not None:
        if amount != amount.quantize(Decimal("0.01")) or not MIN_AMOUNT <= amount <= MAX_AMOUNT:
            raise EpcQrError("amount: 0.01 to 999999999.99 euro, at most two decimals")
        amount_text = f"EUR{amount:.2f}"
    if reference and text:
        raise EpcQrError("reference and text: one or the other, not both")
    if len(reference) > 35:
        raise EpcQrError("reference: at most 35 characters")
    if len(text) > 140:
        raise EpcQrError("text: at most 140 characters")
    if len(purpose) > 4:
        raise EpcQrError("purpose: at most 4 characters")
    if len(information) > 70:
        raise EpcQrError("information: at most 70 characters")
    lines = [
        "BCD",
        version,
        "1",
        "SCT",
        bic_value,
        name,
        iban_value,
        amount_text,
        purpose,
        reference,
        text,
        information,
    ]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def epc_qr_payload_for_contract(*, corporation, contract, amount: Decimal | None) -> str:
    """The corporation as beneficiary, the contract's betalingskenmerk as the structured reference.

    A kenmerk that fails its check digit goes in the text instead: a bank app may refuse a structured
    reference it cannot validate.
    """
    reference = contract.payment_reference.replace(" ", "")
    structured = bool(reference) and is_valid_payment_reference(reference)
    return epc_qr_payload(
        name=corporation.sender_name or corporation.name,
        iban=corporation.iban,
        bic=corporation.bic,
        amount=amount,
        reference=reference if structured else "",
        text="" if structured else f"Huur {contract.source_id}"[:140],
    )


def _symbol(payload: str) -> segno.QRCode:
    qr = segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8")
    if qr.version > MAX_VERSION:  # type: ignore[operator]
        raise EpcQrError(f"payload needs QR version {qr.version}; EPC allows at most {MAX_VERSION}")
    return qr


def epc_qr_svg(payload: str, *, scale: int = 4, title: str = "") -> str:
    """An SVG document (no XML declaration) to place in a letter."""
    out = io.BytesIO()
    _symbol(payload).save(out, kind="svg", scale=scale, xmldecl=False, title=title or None, border=4)
    return out.getvalue().decode()


def epc_qr_png(payload: str, *, scale: int = 4) -> bytes:
    out = io.BytesIO()
    _symbol(payload).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
