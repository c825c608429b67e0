"""`payments.stripe_client` over stripe-python with a fake HTTP client (no network): what goes
on the wire (idempotency keys, the pinned API version) and how Stripe's answers come back."""

import ast
import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import stripe

from payments import stripe_client

ROOT = Path(__file__).resolve().parents[2]


class FakeHTTP(stripe.HTTPClient):
    """Answers each request with the next canned (status, body) or raises the next error."""

    name = "fake"

    def __init__(self, answers):
        super().__init__()
        self.answers = list(answers)
        self.requests = []

    def request(self, method, url, headers, post_data=None, **kwargs):
        self.requests.append(
            {"method": method, "url": url, "headers": dict(headers), "body": post_data}
        )
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        return json.dumps(body), status, {"request-id": "req_123"}

    def close(self):
        pass


@pytest.fixture
def http(monkeypatch, stripe_keys):
    def install(*answers):
        fake = FakeHTTP(answers)
        client = stripe_client.client_build(http_client=fake)
        monkeypatch.setattr(stripe_client, "_client", lambda: client)
        monkeypatch.setattr(stripe.HTTPClient, "_sleep_time_seconds", lambda self, n, r=None: 0)
        return fake

    return install


SESSION = {
    "id": "cs_test_123",
    "object": "checkout.session",
    "url": "https://checkout.stripe.com/c/pay/cs_test_123",
    "metadata": {"attempt_id": "a"},
    "customer_details": {"address": {"country": "GB"}},
}


def create_session():
    return stripe_client.checkout_payment_create(
        amount_pence=5000,
        description="Rent payment",
        customer_id="cus_1",
        client_reference_id="attempt-1",
        metadata={"attempt_id": "attempt-1"},
        success_url="https://portal.example/pay/1/",
        cancel_url="https://portal.example/pay/1/cancelled/",
        expires_at=1_900_000_000,
        idempotency_key="checkout:attempt-1",
    )


def test_a_post_carries_our_idempotency_key_and_the_pinned_api_version(http, settings):
    fake = http((200, SESSION))
    session = create_session()
    sent = fake.requests[0]
    assert sent["method"] == "post"
    assert sent["url"].endswith("/v1/checkout/sessions")
    assert sent["headers"]["Idempotency-Key"] == "checkout:attempt-1"
    assert sent["headers"]["Stripe-Version"] == settings.STRIPE_API_VERSION == "2026-10-28.endive"
    body = parse_qs(sent["body"])
    assert body["mode"] == ["payment"]
    assert body["line_items[0][price_data][unit_amount]"] == ["5000"]
    assert body["line_items[0][price_data][currency]"] == ["gbp"]
    assert body["payment_intent_data[metadata][attempt_id]"] == ["attempt-1"]
    # Plain dicts all the way down, not stripe-python's StripeObject.
    assert type(session) is dict
    assert type(session["customer_details"]["address"]) is dict


def test_a_retry_after_a_dropped_connection_sends_the_same_key(http):
    fake = http(stripe.APIConnectionError("timed out", should_retry=True), (200, SESSION))
    create_session()
    keys = [request["headers"]["Idempotency-Key"] for request in fake.requests]
    assert keys == ["checkout:attempt-1", "checkout:attempt-1"]


def test_repeated_server_errors_are_unavailable(http):
    error = {"error": {"type": "api_error", "message": "Something went wrong"}}
    http((500, error), (500, error))
    with pytest.raises(stripe_client.StripeUnavailable):
        create_session()


def test_rate_limiting_is_unavailable(http):
    error = {"error": {"type": "invalid_request_error", "code": "rate_limit", "message": "slow"}}
    http((429, error), (429, error))
    with pytest.raises(stripe_client.StripeUnavailable):
        create_session()


def test_a_missing_object_is_not_found(http):
    http(
        (
            404,
            {
                "error": {
                    "type": "invalid_request_error",
                    "code": "resource_missing",
                    "message": "No such payment_intent: 'pi_x'",
                }
            },
        )
    )
    with pytest.raises(stripe_client.StripeNotFound):
        stripe_client.payment_intent_retrieve("pi_x")


def test_a_reused_key_with_other_parameters_is_refused(http):
    http(
        (
            400,
            {
                "error": {
                    "type": "idempotency_error",
                    "message": "Keys for idempotent requests "
                    "can only be used with the same parameters they were first used with",
                }
            },
        )
    )
    with pytest.raises(stripe_client.StripeRefused):
        create_session()


def test_retrieving_a_payment_intent_expands_its_charge(http):
    fake = http(
        (
            200,
            {
                "id": "pi_1",
                "object": "payment_intent",
                "latest_charge": {"id": "ch_1", "object": "charge", "amount_refunded": 0},
            },
        )
    )
    pi = stripe_client.payment_intent_retrieve("pi_1")
    assert "expand[0]=latest_charge" in fake.requests[0]["url"].replace("%5B", "[").replace(
        "%5D", "]"
    )
    assert pi["latest_charge"]["id"] == "ch_1"


def test_lists_page_through_everything(http):
    fake = http(
        (
            200,
            {
                "object": "list",
                "url": "/v1/events",
                "has_more": True,
                "data": [{"id": "evt_2", "object": "event"}],
            },
        ),
        (
            200,
            {
                "object": "list",
                "url": "/v1/events",
                "has_more": False,
                "data": [{"id": "evt_1", "object": "event"}],
            },
        ),
    )
    events = list(stripe_client.events_list(created_gte=1, types=["payment_intent.succeeded"]))
    assert [event["id"] for event in events] == ["evt_2", "evt_1"]
    assert "starting_after=evt_2" in fake.requests[1]["url"]


def test_only_stripe_client_imports_stripe():
    importers = []
    for path in (ROOT / "payments").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "stripe" or name.startswith("stripe.") for name in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert importers == ["payments/stripe_client.py"]


def test_app_code_queues_tasks_only_after_commit():
    """No `.delay(...)` or `.apply_async(...)` calls: tasks go through queue_on_commit."""
    calls = []
    for path in (ROOT / "payments").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("delay", "apply_async")
            ):
                calls.append(f"{path.name}:{node.lineno}")
    assert calls == []
