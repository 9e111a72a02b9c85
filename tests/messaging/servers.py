"""Real local servers for channel tests: aiosmtpd for SMTP, http.server speaking Twilio's REST API."""

import json
import socket
import threading
import urllib.parse
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self):
        return message_from_bytes(self.content, policy=policy.default)


@dataclass
class SmtpSink:
    """Accepts everything, unless told otherwise: an address in `refuse` gets 550 at RCPT; `rcpt_replies` and
    `data_replies` (address -> reply line, e.g. "451 4.7.1 Try again later") answer RCPT or the end of DATA
    for that recipient with the server's own words, as a real mail server answers 4xx and 5xx."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    rcpt_replies: dict[str, str] = field(default_factory=dict)
    data_replies: dict[str, str] = field(default_factory=dict)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox does not exist"
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            if address in self.data_replies:
                return self.data_replies[address]
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self) -> None:
        self.sink = SmtpSink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def mailers(self) -> dict:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }


@dataclass
class TwilioRequest:
    path: str
    fields: dict[str, str]
    authorization: str


class FakeTwilio:
    """Twilio's Messages and Calls create endpoints as documented (form-encoded POST, basic auth, 201 JSON).
    A number in `invalid` gets error 21211 (400), `fail_next` answers 503 once."""

    def __init__(self) -> None:
        self.requests: list[TwilioRequest] = []
        self.invalid: set[str] = set()
        self.fail_next = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                fake.requests.append(TwilioRequest(self.path, fields, self.headers.get("Authorization", "")))
                if fake.fail_next:
                    fake.fail_next -= 1
                    return self._json(503, {"code": 20500, "message": "Internal Server Error", "status": 503})
                if fields.get("To") in fake.invalid:
                    return self._json(
                        400,
                        {
                            "code": 21211,
                            "message": "The 'To' number is not a valid phone number.",
                            "status": 400,
                        },
                    )
                kind = "SM" if self.path.endswith("/Messages.json") else "CA"
                sid = f"{kind}{len(fake.requests):032d}"
                return self._json(201, {"sid": sid, "status": "queued", "to": fields.get("To")})

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FakeTwilio":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
