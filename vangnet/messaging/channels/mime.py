"""A lean MIME writer for the outbox's one shape of e-mail: multipart/alternative, text and HTML, UTF-8.

Python's email package (which django.core.mail builds on) spends milliseconds per message in its policy
machinery; the daily run sends tens of thousands. The bytes written here are standard RFC 5322 / 2045-2047:
encoded-word headers for non-ASCII text, base64 bodies (binascii, in C), CRLF line ends.
"""

import base64
from email.header import Header
from email.utils import formataddr, formatdate


def _header_text(value: str) -> str:
    if value.isascii():
        return value
    return Header(value, "utf-8", maxlinelen=998).encode()


def _address(name: str, address: str) -> str:
    return formataddr((name, address), charset="utf-8") if name else address


def _body(content: str) -> bytes:
    return base64.encodebytes(content.encode("utf-8")).replace(b"\n", b"\r\n")


def build_message(
    *,
    sender: tuple[str, str],
    recipient: tuple[str, str],
    subject: str,
    text: str,
    html: str,
    headers: dict[str, str],
    boundary: str,
) -> bytes:
    lines = [
        f"From: {_address(*sender)}",
        f"To: {_address(*recipient)}",
        f"Subject: {_header_text(subject)}",
        f"Date: {formatdate(localtime=True)}",
        "MIME-Version: 1.0",
        *(f"{key}: {_header_text(value)}" for key, value in headers.items()),
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
        "",
        f"--{boundary}",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
    ]
    head = "\r\n".join(lines).encode("ascii") + b"\r\n"
    middle = (
        f'--{boundary}\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    ).encode("ascii")
    return head + _body(text) + middle + _body(html) + f"--{boundary}--\r\n".encode("ascii")
