"""Neither gunicorn's access log nor Django's request warnings hold a portal or pay token, or a search."""

import datetime as dt
import io
import logging
from types import SimpleNamespace

import pytest

from vangnet.access_log import RedactingFilter, RedactingLogger, redact

TOKEN = "Xq3v9LmN0pRsTuVwXyZa12345bcDEf"


@pytest.mark.parametrize(
    ("seen", "logged"),
    [
        (f"/portaal/link/{TOKEN}/", "/portaal/link/[weggelaten]/"),
        ("/betalen/abc123/", "/betalen/[weggelaten]/"),
        ("/betalen/abc123/resultaat/", "/betalen/[weggelaten]/resultaat/"),
        ("/portaal/betaallink/abc123/qr.svg", "/portaal/betaallink/[weggelaten]/qr.svg"),
        ("/betalen/testbank/tr_123/", "/betalen/testbank/[weggelaten]/"),
        ("/vakman/4.17:abc:def/foto/3/", "/vakman/[weggelaten]/foto/3/"),
        ("/huurders/?q=Jansen+Dorpsstraat", "/huurders/?[weggelaten]"),
        (f"/iets/nieuws/{TOKEN}", "/iets/nieuws/[weggelaten]"),
        ("/betalen/webhook/mollie/", "/betalen/webhook/mollie/"),
        ("/huurders/12/", "/huurders/12/"),
    ],
)
def test_paths_lose_tokens_and_query_strings(seen, logged):
    assert redact(seen) == logged


def test_the_access_log_line_holds_no_token_search_or_referer_token():
    logger = RedactingLogger(SimpleNamespace(**_gunicorn_config()))
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/portaal/link/{TOKEN}/?x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/portaal/link/{TOKEN}/",
        "QUERY_STRING": "q=Jansen",
        "HTTP_REFERER": "https://vangnet.example.nl/betalen/abc123/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(
        response, SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])]), environ, dt.timedelta(0)
    )
    line = " ".join(str(v) for v in atoms.values())
    assert TOKEN not in line and "abc123" not in line and "Jansen" not in line
    assert atoms["r"] == "GET /portaal/link/[weggelaten]/?[weggelaten] HTTP/1.1"


def _gunicorn_config() -> dict:
    from gunicorn.config import Config

    config = Config()
    return {name: setting.get() for name, setting in config.settings.items()}


@pytest.mark.django_db
def test_djangos_not_found_warning_holds_no_pay_token(client):
    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, RedactingFilter) for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        client.get(f"/betalen/{TOKEN}/")
    finally:
        handler.setStream(old)  # type: ignore[attr-defined]
    assert "Not Found" in stream.getvalue()
    assert TOKEN not in stream.getvalue()
