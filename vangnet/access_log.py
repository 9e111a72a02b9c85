"""Logs never hold a tenant's portal or payment token, nor what a colleague searched for.

A portal link or pay link in a log file is a working key to one tenant's data; a search term is often a
name. Paths lose their token segments and every query string goes: gunicorn's access log uses
RedactingLogger (gunicorn.conf.py at the top of the repository, and `vangnet demo`), Django's own request
warnings ("Not Found: /betalen/…") pass through RedactingFilter (settings.LOGGING).
"""

import logging
import re

from gunicorn.glogging import Logger

REDACTED = "[weggelaten]"
# The segment after these path parts is a secret: portal links, pay links, contractors' work-order links,
# the sandbox checkout.
_TOKEN_AFTER = re.compile(
    r"(/(?:portaal/link|portaal/betaallink|vakman|betalen/testbank|betalen(?!/webhook/|/huisstijl/))/)[^/?#\s]+"
)
# Any other long opaque segment is treated as one too: a new kind of link must not leak by default.
_LONG_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-:.~%]{24,}(?=[/?#\s]|$)")
_QUERY = re.compile(r"\?[^\s#]*")


def redact(text: str) -> str:
    """A path, URL or request line without tokens and without its query string."""
    text = _QUERY.sub(lambda m: "?" + REDACTED if len(m[0]) > 1 else "", text)
    text = _TOKEN_AFTER.sub(lambda m: m[1] + REDACTED, text)
    return _LONG_SEGMENT.sub(REDACTED, text)


def _url_like(key: str) -> bool:
    return key in {"r", "U", "q", "f"} or any(part in key for part in ("uri", "path", "referer", "query"))


class RedactingLogger(Logger):
    """gunicorn's logger, with every URL-like atom of the access log redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str) and _url_like(key):
                query = key == "q" or "query" in key
                atoms[key] = (REDACTED if value else value) if query else redact(value)
        return atoms


class RedactingFilter(logging.Filter):
    """Redacts the string arguments of a log record (Django logs the request path as one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True
