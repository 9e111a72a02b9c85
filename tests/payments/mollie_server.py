"""A small HTTP server that speaks the part of Mollie's Payments API v2 Vangnet uses, for tests.

POST /v2/payments (JSON body, Bearer key, optional Idempotency-Key: the same key returns the same payment)
and GET /v2/payments/{id}, with Mollie's shapes: amount {currency, value}, status, metadata and
_links.checkout.href. Tests change a payment's status as the bank would, or plant payments that are not
Vangnet's to forge webhooks with.
"""

import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "test_vangnetTestKey0123456789abcdef"


@dataclass
class FakeMollie:
    url: str = ""
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_idempotency_key: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    fail_next: int = 0

    def set_status(self, payment_id: str, status: str) -> None:
        self.payments[payment_id]["status"] = status

    def plant(self, *, status: str, value: str, metadata: dict | None = None) -> str:
        """A payment in this Mollie account that Vangnet did not create."""
        payment_id = "tr_" + secrets.token_hex(5)
        self.payments[payment_id] = self._entity(payment_id, {"amount": {"currency": "EUR", "value": value}})
        self.payments[payment_id].update(status=status, metadata=metadata or {})
        return payment_id

    def _entity(self, payment_id: str, body: dict) -> dict:
        return {
            "resource": "payment",
            "id": payment_id,
            "mode": "test",
            "status": "open",
            "amount": body["amount"],
            "description": body.get("description", ""),
            "method": body.get("method"),
            "metadata": body.get("metadata"),
            "redirectUrl": body.get("redirectUrl"),
            "webhookUrl": body.get("webhookUrl"),
            "_links": {
                "self": {"href": f"{self.url}/v2/payments/{payment_id}", "type": "application/hal+json"},
                "checkout": {
                    "href": f"https://www.mollie.com/checkout/select-method/{payment_id}",
                    "type": "text/html",
                },
            },
        }


def _handler(state: FakeMollie):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def _reply(self, code: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/hal+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                self._reply(
                    401, {"status": 401, "title": "Unauthorized Request", "detail": "Missing authentication"}
                )
                return False
            return True

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(("POST", self.path, dict(self.headers), body))
            if not self._authorised():
                return
            if state.fail_next:
                state.fail_next -= 1
                self._reply(503, {"status": 503, "title": "Service Unavailable"})
                return
            if self.path != "/v2/payments":
                self._reply(404, {"status": 404, "title": "Not Found"})
                return
            if "amount" not in body or "description" not in body or "redirectUrl" not in body:
                self._reply(422, {"status": 422, "title": "Unprocessable Entity", "detail": "missing field"})
                return
            key = self.headers.get("Idempotency-Key")
            if key and key in state.by_idempotency_key:
                self._reply(201, state.payments[state.by_idempotency_key[key]])
                return
            payment_id = "tr_" + secrets.token_hex(5)
            state.payments[payment_id] = state._entity(payment_id, body)
            if key:
                state.by_idempotency_key[key] = payment_id
            self._reply(201, state.payments[payment_id])

        def do_GET(self):
            state.requests.append(("GET", self.path, dict(self.headers), None))
            if not self._authorised():
                return
            prefix = "/v2/payments/"
            payment_id = self.path[len(prefix) :] if self.path.startswith(prefix) else ""
            if payment_id not in state.payments:
                self._reply(
                    404, {"status": 404, "title": "Not Found", "detail": "No payment exists with token"}
                )
                return
            self._reply(200, state.payments[payment_id])

    return Handler


def start() -> tuple[FakeMollie, ThreadingHTTPServer]:
    state = FakeMollie()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server
