"""A lean MIME writer for the outbox's one shape of e-mail: multipart/alternative, text and HTML, UTF-8.

Python's email package (which django.core.mail builds on) spends milliseconds per message in its policy
machinery; the daily run sends tens of thousands. The bytes written here are standard RFC 5322 / 2045-2047:
encoded-word headers for non-ASCII text, base64 bodies (binascii, in C), CRLF line ends. No header value
may hold a line break or other control character (UnsafeHeader): a tenant's name cannot add a Bcc.
"""

import base64
from email.header import Header
from email.utils import formataddr, formatdate

from vangnet.core.text import has_control_character


class UnsafeHeader(ValueError):
    """A header value with a line break or another control character: it could add headers of its own."""


def _one_line(value: str) -> str:
    if has_control_character(value):
        raise UnsafeHeader(f"regeleinde of stuurteken in een kopregel: {value[:60]!r}")
    return value


def _header_text(value: str) -> str:
    _one_line(value)
    if value.isascii():
        return value
    return Header(value, "utf-8", maxlinelen=998).encode()


def _address(name: str, address: str) -> str:
    _one_line(name)
    _one_line(address)
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
        *(f"{_one_line(key)}: {_header_text(value)}" for key, value in headers.items()),
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
