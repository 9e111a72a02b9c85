"""Bank statement parsers: camt.053, camt.054 and MT940 into one shape (``Statement`` / ``Transaction``).

Pure functions over bytes. A file is read completely or rejected with ``ParseError`` (line + reason in
Dutch and English); there are no partial results.
"""

from lxml import etree

from .base import ParseError, Statement, Transaction
from .camt import camt_kind, load_xml, parse_camt
from .mt940 import decode, looks_like_mt940, parse_mt940

__all__ = ["ParseError", "Statement", "Transaction", "parse_statement"]


def parse_statement(data: bytes, filename: str = "") -> list[Statement]:
    """Detect the format from the content (the filename only improves the error message) and parse."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ParseError(
            line=None,
            reason_en=f"{_name(filename)}is empty",
            reason_nl=f"{_name(filename, dutch=True)}is leeg",
        )
    if head.startswith(b"<"):
        root = load_xml(data)
        kind = camt_kind(root)
        if kind is None:
            found = etree.QName(root).namespace or etree.QName(root).localname
            # The usual mix-up: our own direct-debit batch (pain.008) uploaded where the statement belongs.
            pain = ":pain." in found
            raise ParseError(
                line=root.sourceline,
                reason_en=f"{_name(filename)}is XML but not a camt.053/camt.054 bank statement ({found})"
                + ("; a pain message is a payment instruction to the bank, not a statement" if pain else ""),
                reason_nl=f"{_name(filename, dutch=True)}is XML maar geen camt.053/camt.054-bankafschrift ({found})"
                + ("; een pain-bericht is een betaalopdracht aan de bank, geen afschrift" if pain else ""),
            )
        return parse_camt(root, kind)
    text = decode(data)
    if looks_like_mt940(text):
        return parse_mt940(text)
    raise ParseError(
        line=None,
        reason_en=f"{_name(filename)}is not a camt.053, camt.054 or MT940 bank statement",
        reason_nl=f"{_name(filename, dutch=True)}is geen camt.053-, camt.054- of MT940-bankafschrift",
    )


def _name(filename: str, *, dutch: bool = False) -> str:
    if filename:
        return f"{filename} "
    return "het bestand " if dutch else "the file "
