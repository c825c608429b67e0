"""A stand-in for Stripe's API on localhost, for bench/load.py's Celery worker.

Webhook processing re-reads every object from Stripe (payments/sync.py through
payments/stripe_client.py) and never trusts the event's copy. Under load we want that path to
run for real: stripe-python builds the request, sends it over HTTP, parses the answer, and our
stripe_client maps it to plain dicts and errors. Only the far end differs: this server answers
from the payments the bench made, on 127.0.0.1, so nothing leaves the machine.

It answers the reads processing makes: a Checkout Session, a PaymentIntent (with its charge
expanded), and the refund and dispute lists. Anything else is a 404 in Stripe's error shape,
which processing treats as "not found".
"""

from __future__ import annotations

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeStripeApi:
    """Holds the payments (from bench.webhook.make_payment) and serves them over HTTP."""

    def __init__(self, payments: list[dict], *, port: int):
        self.intents = {p["pi"]["id"]: p for p in payments}
        self.sessions = {p["session"]["id"]: p["session"] for p in payments}
        self.port = port
        self.requests: dict[str, int] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeStripeApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _count(self, kind: str) -> None:
        with self.lock:
            self.requests[kind] = self.requests.get(kind, 0) + 1

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict]:
        parts = [part for part in path.split("/") if part]
        if parts[:3] == ["v1", "checkout", "sessions"] and len(parts) == 4:
            self._count("checkout_session_retrieve")
            session = self.sessions.get(parts[3])
            return (200, copy.deepcopy(session)) if session else _missing(parts[3])
        if parts[:2] == ["v1", "payment_intents"] and len(parts) == 3:
            self._count("payment_intent_retrieve")
            payment = self.intents.get(parts[2])
            if payment is None:
                return _missing(parts[2])
            pi = copy.deepcopy(payment["pi"])
            if "latest_charge" in query.get("expand[0]", []) + query.get("expand[]", []):
                pi["latest_charge"] = copy.deepcopy(payment["charge"])
            return 200, pi
        if parts in (["v1", "refunds"], ["v1", "disputes"]):
            self._count(f"{parts[1]}_list")
            return 200, {"object": "list", "data": [], "has_more": False, "url": path}
        self._count("unknown")
        return _missing(path)

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (the name http.server calls)
                url = urlsplit(self.path)
                status, body = api.answer(url.path, parse_qs(url.query))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_bench")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet: the bench prints its own summary
                pass

        return Handler


def _missing(what: str) -> tuple[int, dict]:
    return 404, {
        "error": {
            "type": "invalid_request_error",
            "code": "resource_missing",
            "message": f"No such object: '{what}'",
        }
    }
