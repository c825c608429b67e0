"""The webhook's gate: only genuine, fresh, well-formed Stripe events get in.

Every bad body gets 400, writes nothing to any table, and logs exactly one security event.
"""

import hashlib
import hmac
import json
import logging
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payments.models import StripeEvent
from tests.payments.fakes import OLD_WEBHOOK_SECRET, WEBHOOK_SECRET, WEBHOOK_URL, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(fake_stripe):
    pi = fake_stripe.make_payment_intent(amount=5000, metadata={})
    return fake_stripe.event("payment_intent.succeeded", pi)


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def _v1(payload: str, secret: str, timestamp: int) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()


def _bad_cases(payload: str) -> dict[str, dict]:
    now = int(time.time())
    body = payload.encode()
    return {
        "missing header": {"body": body, "header": None},
        "empty header": {"body": body, "header": ""},
        "malformed header": {"body": body, "header": "this is not a signature"},
        "timestamp not a number": {"body": body, "header": f"t=abc,v1={'0' * 64}"},
        "no v1 signature": {
            "body": body,
            "header": f"t={now},v0={_v1(payload, WEBHOOK_SECRET, now)}",
        },
        "wrong secret": {"body": body, "header": sign(payload, secret="whsec_wrong")},
        "body changed by one byte": {
            "body": body.replace(b'"livemode": false', b'"livemode": falsE'),
            "header": sign(payload),
        },
        "one byte added": {"body": body + b" ", "header": sign(payload)},
        "301 seconds old": {"body": body, "header": sign(payload, timestamp=now - 301)},
        "301 seconds in the future": {"body": body, "header": sign(payload, timestamp=now + 301)},
        "a day in the future": {"body": body, "header": sign(payload, timestamp=now + 86400)},
        "wrong content type": {
            "body": body,
            "header": sign(payload),
            "content_type": "application/x-www-form-urlencoded",
        },
        "text/plain": {"body": body, "header": sign(payload), "content_type": "text/plain"},
        "not UTF-8": {"body": b"\xff\xfe" + body, "header": None},
        "signed, but not JSON": {"body": b"{not json", "header": sign("{not json")},
        "signed JSON, but not an event": {
            "body": b'{"object": "charge", "id": "ch_1"}',
            "header": sign('{"object": "charge", "id": "ch_1"}'),
        },
        "signed event without data.object": {
            "body": b'{"object": "event", "id": "evt_1", "type": "x", "created": 1, '
            b'"livemode": false, "data": {}}',
            "header": sign(
                '{"object": "event", "id": "evt_1", "type": "x", "created": 1, '
                '"livemode": false, "data": {}}'
            ),
        },
        "oversized": {"body": b" " * (256 * 1024 + 1), "header": sign(" " * (256 * 1024 + 1))},
    }


BAD_CASES = list(_bad_cases("{}"))


@pytest.mark.parametrize("case", BAD_CASES)
def test_a_bad_webhook_gets_400_writes_nothing_and_logs_one_security_event(
    client, event, case, caplog
):
    payload = json.dumps(event)
    spec = _bad_cases(payload)[case]
    headers = {} if spec["header"] is None else {"HTTP_STRIPE_SIGNATURE": spec["header"]}
    caplog.set_level(logging.WARNING, logger="payments.security")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            WEBHOOK_URL,
            data=spec["body"],
            content_type=spec.get("content_type", "application/json"),
            **headers,
        )
    assert response.status_code == 400
    assert not _writes(queries.captured_queries)
    assert StripeEvent.objects.count() == 0
    security = [r for r in caplog.records if r.name == "payments.security"]
    assert len(security) == 1
    assert "rejected" in security[0].getMessage()


def test_a_webhook_without_a_configured_secret_is_refused(client, event, settings):
    settings.STRIPE_WEBHOOK_SECRETS = []
    payload = json.dumps(event)
    response = client.post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload),
    )
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_get_is_not_allowed(client, fake_stripe):
    assert client.get(WEBHOOK_URL).status_code == 405


@pytest.mark.parametrize(
    ("label", "secret", "offset"),
    [
        ("current secret", WEBHOOK_SECRET, 0),
        ("old secret, during rotation", OLD_WEBHOOK_SECRET, 0),
        ("299 seconds old", WEBHOOK_SECRET, -299),
        ("299 seconds ahead of our clock", WEBHOOK_SECRET, 299),
    ],
)
def test_genuine_events_are_accepted(client, event, settings, label, secret, offset):
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET, OLD_WEBHOOK_SECRET]
    payload = json.dumps(event)
    response = client.post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, secret=secret, timestamp=int(time.time()) + offset),
    )
    assert response.status_code == 200, label
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1


def test_two_v1_signatures_where_one_is_valid_are_accepted(client, event):
    payload = json.dumps(event)
    now = int(time.time())
    header = f"t={now},v1={_v1(payload, 'whsec_other', now)},v1={_v1(payload, WEBHOOK_SECRET, now)}"
    response = client.post(
        WEBHOOK_URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 200


def test_content_type_with_charset_is_accepted(client, event):
    payload = json.dumps(event)
    response = client.post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json; charset=utf-8",
        HTTP_STRIPE_SIGNATURE=sign(payload),
    )
    assert response.status_code == 200


def test_the_webhook_is_the_only_csrf_exempt_view():
    from django.urls import get_resolver

    def walk(patterns):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                yield from walk(entry.url_patterns)
            else:
                yield entry

    ours = [
        entry.callback
        for entry in walk(get_resolver().url_patterns)
        if getattr(entry.callback, "__module__", "").split(".")[0]
        in {"portal", "payments", "casework", "budgeting", "benefits_checker", "cms", "config"}
    ]
    exempt = {view.__name__ for view in ours if getattr(view, "csrf_exempt", False)}
    assert exempt == {"stripe_webhook"}
