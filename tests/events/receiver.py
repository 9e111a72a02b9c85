"""A real HTTP server in a thread that plays the ERP's webhook receiver and records what arrives."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str = ""
    responses: list[int] = field(default_factory=list)  # status codes to answer with, in turn; then 200
    received: list[Received] = field(default_factory=list)
    redirect_to: str = ""  # the Location of a 3xx answer


def start() -> tuple[Receiver, ThreadingHTTPServer]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.received.append(Received(self.path, dict(self.headers), body))
            code = state.responses.pop(0) if state.responses else 200
            self.send_response(code)
            if 300 <= code < 400:
                self.send_header("Location", state.redirect_to)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/hooks/vangnet"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server
