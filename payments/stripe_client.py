"""The one module that imports `stripe`. Everything else calls these functions.

- Every function returns plain dicts (stripe-python 16's StripeObject is not a dict), and
  raises only the exceptions below, so callers and tests never see the library's types.
- Every POST carries an idempotency key built by the caller from our own ids, so a retry after
  a timeout can never make a second payment or session.
- The API version is pinned (settings.STRIPE_API_VERSION) and requests time out after
  STRIPE_TIMEOUT_SECONDS, so a slow Stripe never holds a page for long.
- Tests replace these functions (never the network): see tests/payments/fakes.py.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import stripe
from django.conf import settings


class StripeError(Exception):
    """Stripe could not do what we asked."""


class StripeUnavailable(StripeError):
    """A transient fault: no connection, a timeout, rate limiting or a 5xx. Try again later."""


class StripeRefused(StripeError):
    """Stripe refused the request (4xx): trying again with the same request will not help."""


class StripeNotFound(StripeRefused):
    """The object does not exist in this Stripe account and mode."""


class WebhookRejected(Exception):
    """A webhook body that is not a genuine, fresh Stripe event. `reason` is for the log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_local = threading.local()


def is_configured() -> bool:
    """Card payments and Direct Debits need an API key and a webhook signing secret."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRETS)


def live_mode() -> bool:
    return bool(settings.STRIPE_LIVE_MODE)


# Connecting to Stripe takes well under a second; a slow connection fails fast and is retried.
CONNECT_TIMEOUT_SECONDS = 1.5
# stripe-python's pause before its one retry (HTTPClient.INITIAL_DELAY, at least that long).
RETRY_BACKOFF_SECONDS = 0.5


def client_build(*, http_client: Any = None) -> stripe.StripeClient:
    """A client with the pinned API version and a short timeout (`http_client` for tests)."""
    base = settings.STRIPE_API_BASE
    timeout = (CONNECT_TIMEOUT_SECONDS, settings.STRIPE_TIMEOUT_SECONDS)
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=settings.STRIPE_API_VERSION,
        max_network_retries=1,
        http_client=http_client or stripe.RequestsClient(timeout=timeout),
        base_addresses={"api": base} if base else None,
    )


def _client() -> stripe.StripeClient:
    """One client per thread and key (the requests session inside is not shared)."""
    key = settings.STRIPE_SECRET_KEY
    cached = getattr(_local, "client", None)
    if cached is None or cached[0] != key:
        cached = (key, client_build())
        _local.client = cached
    return cached[1]


def _call(func, *args, **kwargs) -> dict:
    try:
        result = func(*args, **kwargs)
    except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
        raise StripeUnavailable(str(exc)) from exc
    except stripe.APIError as exc:
        raise StripeUnavailable(str(exc)) from exc
    except stripe.InvalidRequestError as exc:
        if exc.http_status == 404:
            raise StripeNotFound(str(exc)) from exc
        raise StripeRefused(str(exc)) from exc
    except stripe.StripeError as exc:
        if (exc.http_status or 0) >= 500:
            raise StripeUnavailable(str(exc)) from exc
        raise StripeRefused(str(exc)) from exc
    return result.to_dict() if hasattr(result, "to_dict") else result


def _options(idempotency_key: str | None = None) -> dict:
    return {"idempotency_key": idempotency_key} if idempotency_key else {}


# --- Webhooks ------------------------------------------------------------------------------


def _signed_timestamp(header: str) -> int:
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t":
            return int(value)
    raise ValueError("no timestamp")


def webhook_verify(*, payload: bytes, signature: str | None, now: float | None = None) -> dict:
    """Check a webhook body's signature against every configured secret (two while one is
    rolled) and its timestamp against our clock (STRIPE_WEBHOOK_TOLERANCE_SECONDS either way),
    then parse it. Returns the event as a dict, or raises WebhookRejected."""
    secrets = [secret for secret in settings.STRIPE_WEBHOOK_SECRETS if secret.strip()]
    if not secrets:
        raise WebhookRejected("no webhook secret configured")
    if not signature:
        raise WebhookRejected("no signature")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WebhookRejected("body is not UTF-8") from exc
    tolerance = settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS
    reasons = []
    for secret in secrets:
        try:
            stripe.WebhookSignature.verify_header(text, signature, secret, tolerance)
            break
        except stripe.SignatureVerificationError as exc:
            reasons.append(str(exc).split(".")[0])
    else:
        raise WebhookRejected(f"signature: {reasons[-1]}")
    # stripe-python checks the past only; a timestamp from the future is refused here.
    if _signed_timestamp(signature) > (now or time.time()) + tolerance:
        raise WebhookRejected("signature: timestamp is in the future")
    try:
        event = json.loads(text)
    except ValueError as exc:
        raise WebhookRejected("body is not JSON") from exc
    if not _is_event(event):
        raise WebhookRejected("body is not a Stripe event")
    return event


def _is_event(event: Any) -> bool:
    if not isinstance(event, dict) or event.get("object") != "event":
        return False
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    return (
        isinstance(event.get("id"), str)
        and event["id"].startswith("evt_")
        and len(event["id"]) <= 255
        and isinstance(event.get("type"), str)
        and 0 < len(event["type"]) <= 100
        and isinstance(event.get("created"), int)
        and isinstance(event.get("livemode"), bool)
        and isinstance(obj, dict)
        and isinstance(obj.get("id"), str)
        and len(obj["id"]) <= 255
    )


# --- Customers -----------------------------------------------------------------------------


def customer_create(*, metadata: dict[str, str], idempotency_key: str) -> dict:
    return _call(
        _client().v1.customers.create,
        {"metadata": metadata},
        _options(idempotency_key),
    )


# --- Checkout ------------------------------------------------------------------------------


def checkout_payment_create(
    *,
    amount_pence: int,
    description: str,
    customer_id: str,
    client_reference_id: str,
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str,
    expires_at: int,
    idempotency_key: str,
) -> dict:
    """A hosted Checkout Session for one card payment (mode=payment)."""
    params = {
        "mode": "payment",
        "payment_method_types": ["card"],
        "customer": customer_id,
        "line_items": [
            {
                "price_data": {
                    "currency": "gbp",
                    "unit_amount": amount_pence,
                    "product_data": {"name": description},
                },
                "quantity": 1,
            }
        ],
        "client_reference_id": client_reference_id,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata, "description": description},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "expires_at": expires_at,
    }
    return _call(_client().v1.checkout.sessions.create, params, _options(idempotency_key))


def checkout_setup_create(
    *,
    customer_id: str,
    client_reference_id: str,
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str,
    expires_at: int,
    idempotency_key: str,
) -> dict:
    """A hosted Checkout Session that sets up a Bacs Direct Debit mandate (mode=setup)."""
    params: dict[str, Any] = {
        "mode": "setup",
        "payment_method_types": ["bacs_debit"],
        "currency": "gbp",
        "customer": customer_id,
        "client_reference_id": client_reference_id,
        "metadata": metadata,
        "setup_intent_data": {"metadata": metadata},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "expires_at": expires_at,
    }
    prefix = settings.PAYMENTS_BACS_REFERENCE_PREFIX
    if prefix:
        params["payment_method_options"] = {
            "bacs_debit": {"mandate_options": {"reference_prefix": prefix}}
        }
    return _call(_client().v1.checkout.sessions.create, params, _options(idempotency_key))


def checkout_session_retrieve(session_id: str) -> dict:
    return _call(_client().v1.checkout.sessions.retrieve, session_id)


def checkout_session_expire(session_id: str, *, idempotency_key: str) -> dict:
    return _call(_client().v1.checkout.sessions.expire, session_id, None, _options(idempotency_key))


# --- PaymentIntents, refunds, disputes --------------------------------------------------------


def payment_intent_retrieve(payment_intent_id: str) -> dict:
    """The PaymentIntent with its latest charge expanded (refunded amount, dispute flag)."""
    return _call(
        _client().v1.payment_intents.retrieve,
        payment_intent_id,
        {"expand": ["latest_charge"]},
    )


def payment_intent_create_collection(
    *,
    amount_pence: int,
    customer_id: str,
    payment_method_id: str,
    mandate_id: str,
    description: str,
    metadata: dict[str, str],
    idempotency_key: str,
) -> dict:
    """An off-session Bacs Direct Debit payment on an active mandate, confirmed at once."""
    params = {
        "amount": amount_pence,
        "currency": "gbp",
        "customer": customer_id,
        "payment_method": payment_method_id,
        "payment_method_types": ["bacs_debit"],
        "mandate": mandate_id,
        "confirm": True,
        "off_session": True,
        "description": description,
        "metadata": metadata,
        "expand": ["latest_charge"],
    }
    return _call(_client().v1.payment_intents.create, params, _options(idempotency_key))


def payment_intents_list(*, created_gte: int) -> Iterator[dict]:
    """Every PaymentIntent created since `created_gte` (a Unix time), newest first."""
    page = _call_list(
        _client().v1.payment_intents.list,
        {"created": {"gte": created_gte}, "limit": 100, "expand": ["data.latest_charge"]},
    )
    yield from page


def refunds_list(*, payment_intent_id: str) -> list[dict]:
    return list(
        _call_list(_client().v1.refunds.list, {"payment_intent": payment_intent_id, "limit": 100})
    )


def disputes_list(*, payment_intent_id: str) -> list[dict]:
    return list(
        _call_list(_client().v1.disputes.list, {"payment_intent": payment_intent_id, "limit": 100})
    )


def events_list(*, created_gte: int, types: list[str]) -> Iterator[dict]:
    """Events of these types since `created_gte` (Stripe keeps them for 30 days)."""
    yield from _call_list(
        _client().v1.events.list,
        {"created": {"gte": created_gte}, "types": types, "limit": 100},
    )


def _call_list(func, params: dict) -> Iterator[dict]:
    try:
        for item in func(params).auto_paging_iter():
            yield item.to_dict()
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
        raise StripeUnavailable(str(exc)) from exc
    except stripe.StripeError as exc:
        raise StripeRefused(str(exc)) from exc


# --- Setup intents, mandates, payment methods -------------------------------------------------


def setup_intent_retrieve(setup_intent_id: str) -> dict:
    """The SetupIntent with its payment method and mandate expanded."""
    return _call(
        _client().v1.setup_intents.retrieve,
        setup_intent_id,
        {"expand": ["payment_method", "mandate"]},
    )


def mandate_retrieve(mandate_id: str) -> dict:
    return _call(_client().v1.mandates.retrieve, mandate_id)


def payment_method_detach(payment_method_id: str, *, idempotency_key: str) -> dict:
    """Detaching a Bacs payment method cancels its mandate (mandate.updated follows)."""
    return _call(
        _client().v1.payment_methods.detach, payment_method_id, None, _options(idempotency_key)
    )
