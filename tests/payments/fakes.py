"""A Stripe account in memory, standing in for `payments.stripe_client` (never the network).

`FakeStripe` implements every function of `payments.stripe_client` that talks to Stripe,
keeps real-shaped objects (API 2026-10-28.endive: ids, statuses, expandable fields as ids
unless expanded) and honours idempotency keys the way Stripe does: the same key returns the
first result, the same key with different parameters is refused. Helpers act as Stripe would
when a tenant pays, a bank pays a Direct Debit, a refund or a dispute happens; `event()`
builds the webhook event Stripe would send for an object, and `post_event()` signs and posts
it to the real webhook view.
"""

from __future__ import annotations

import copy
import itertools
import json
import secrets
import time

import stripe  # tests only: to sign webhook bodies as Stripe does

from payments import stripe_client

API_VERSION = "2026-10-28.endive"
WEBHOOK_SECRET = "whsec_test_" + "a" * 32
OLD_WEBHOOK_SECRET = "whsec_test_" + "b" * 32
WEBHOOK_URL = "/payments/stripe/webhook/"

FUNCTIONS = (
    "customer_create",
    "checkout_payment_create",
    "checkout_setup_create",
    "checkout_session_retrieve",
    "checkout_session_expire",
    "payment_intent_retrieve",
    "payment_intent_create_collection",
    "payment_intents_list",
    "refunds_list",
    "disputes_list",
    "events_list",
    "setup_intent_retrieve",
    "mandate_retrieve",
    "payment_method_detach",
)

_counter = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_{'test_' if prefix == 'cs' else ''}{secrets.token_hex(8)}{next(_counter)}"


def now() -> int:
    return int(time.time())


class FakeStripe:
    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.customers: dict[str, dict] = {}
        self.sessions: dict[str, dict] = {}
        self.payment_intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.refunds: dict[str, list[dict]] = {}
        self.disputes: dict[str, list[dict]] = {}
        self.setup_intents: dict[str, dict] = {}
        self.payment_methods: dict[str, dict] = {}
        self.mandates: dict[str, dict] = {}
        self.events: list[dict] = []
        self.failures: dict[str, list[Exception]] = {}
        self._idempotent: dict[str, tuple[dict, dict]] = {}

    def install(self, monkeypatch) -> FakeStripe:
        for name in FUNCTIONS:
            monkeypatch.setattr(stripe_client, name, getattr(self, name))
        return self

    # --- plumbing -------------------------------------------------------------------------

    def fail_next(self, name: str, exc: Exception, times: int = 1) -> None:
        """Make the next `times` calls of `name` raise `exc` (after being recorded)."""
        self.failures.setdefault(name, []).extend([exc] * times)

    def _record(self, name: str, **kwargs) -> None:
        self.calls.append((name, kwargs))
        pending = self.failures.get(name)
        if pending:
            raise pending.pop(0)

    def calls_of(self, name: str) -> list[dict]:
        return [kwargs for call, kwargs in self.calls if call == name]

    def _idempotent_post(self, key: str, params: dict, create) -> dict:
        if key in self._idempotent:
            seen_params, result = self._idempotent[key]
            if seen_params != params:
                raise stripe_client.StripeRefused(
                    "Keys for idempotent requests can only be used with the same parameters"
                )
            return copy.deepcopy(result)
        result = create()
        self._idempotent[key] = (copy.deepcopy(params), copy.deepcopy(result))
        return copy.deepcopy(result)

    @staticmethod
    def _get(store: dict, object_id: str) -> dict:
        if object_id not in store:
            raise stripe_client.StripeNotFound(f"No such object: '{object_id}'")
        return copy.deepcopy(store[object_id])

    # --- stripe_client's functions --------------------------------------------------------

    def customer_create(self, *, metadata, idempotency_key):
        params = {"metadata": metadata}
        self._record("customer_create", idempotency_key=idempotency_key, **params)

        def create():
            customer = {
                "id": new_id("cus"),
                "object": "customer",
                "created": now(),
                "livemode": False,
                "metadata": metadata,
            }
            self.customers[customer["id"]] = customer
            return customer

        return self._idempotent_post(idempotency_key, params, create)

    def checkout_payment_create(self, *, idempotency_key, **params):
        self._record("checkout_payment_create", idempotency_key=idempotency_key, **params)

        def create():
            session = self._session(mode="payment", **params)
            session["amount_subtotal"] = session["amount_total"] = params["amount_pence"]
            session["payment_method_types"] = ["card"]
            session["payment_intent_data"] = {"metadata": params["metadata"]}
            self.sessions[session["id"]] = session
            return _public_session(session)

        return self._idempotent_post(idempotency_key, params, create)

    def checkout_setup_create(self, *, idempotency_key, **params):
        self._record("checkout_setup_create", idempotency_key=idempotency_key, **params)

        def create():
            session = self._session(mode="setup", **params)
            session["amount_subtotal"] = session["amount_total"] = None
            session["payment_method_types"] = ["bacs_debit"]
            self.sessions[session["id"]] = session
            return _public_session(session)

        return self._idempotent_post(idempotency_key, params, create)

    def _session(
        self,
        *,
        mode,
        customer_id,
        client_reference_id,
        metadata,
        success_url,
        cancel_url,
        expires_at,
        **_,
    ):
        session_id = new_id("cs")
        return {
            "id": session_id,
            "object": "checkout.session",
            "mode": mode,
            "status": "open",
            "payment_status": "unpaid" if mode == "payment" else "no_payment_required",
            "currency": "gbp",
            "customer": customer_id,
            "client_reference_id": client_reference_id,
            "metadata": metadata,
            "success_url": success_url,
            "cancel_url": cancel_url,
            "expires_at": expires_at,
            "created": now(),
            "livemode": False,
            "payment_intent": None,
            "setup_intent": None,
            "url": f"https://checkout.stripe.com/c/pay/{session_id}#fidkdWxOYHwnPyd1blpxYHZxWjA0",
        }

    def checkout_session_retrieve(self, session_id):
        self._record("checkout_session_retrieve", session_id=session_id)
        return _public_session(self._get(self.sessions, session_id))

    def checkout_session_expire(self, session_id, *, idempotency_key):
        self._record("checkout_session_expire", session_id=session_id, key=idempotency_key)
        session = self.sessions[session_id]
        if session["status"] != "open":
            raise stripe_client.StripeRefused("Only open sessions can be expired")
        session.update(status="expired", url=None)
        return _public_session(session)

    def payment_intent_retrieve(self, payment_intent_id):
        self._record("payment_intent_retrieve", payment_intent_id=payment_intent_id)
        return self._expanded_pi(self._get(self.payment_intents, payment_intent_id))

    def _expanded_pi(self, pi: dict) -> dict:
        if pi.get("latest_charge"):
            pi["latest_charge"] = copy.deepcopy(self.charges[pi["latest_charge"]])
        return pi

    def payment_intent_create_collection(self, *, idempotency_key, **params):
        self._record("payment_intent_create_collection", idempotency_key=idempotency_key, **params)

        def create():
            pi = self.make_payment_intent(
                amount=params["amount_pence"],
                metadata=params["metadata"],
                customer=params["customer_id"],
                status="processing",
                method="bacs_debit",
                payment_method=params["payment_method_id"],
            )
            return self._expanded_pi(copy.deepcopy(pi))

        return self._idempotent_post(idempotency_key, params, create)

    def payment_intents_list(self, *, created_gte):
        self._record("payment_intents_list", created_gte=created_gte)
        for pi in sorted(self.payment_intents.values(), key=lambda p: -p["created"]):
            if pi["created"] >= created_gte:
                yield self._expanded_pi(copy.deepcopy(pi))

    def refunds_list(self, *, payment_intent_id):
        self._record("refunds_list", payment_intent_id=payment_intent_id)
        return copy.deepcopy(self.refunds.get(payment_intent_id, []))

    def disputes_list(self, *, payment_intent_id):
        self._record("disputes_list", payment_intent_id=payment_intent_id)
        return copy.deepcopy(self.disputes.get(payment_intent_id, []))

    def events_list(self, *, created_gte, types):
        self._record("events_list", created_gte=created_gte, types=types)
        for event in sorted(self.events, key=lambda e: -e["created"]):
            if event["created"] >= created_gte and event["type"] in types:
                yield copy.deepcopy(event)

    def setup_intent_retrieve(self, setup_intent_id):
        self._record("setup_intent_retrieve", setup_intent_id=setup_intent_id)
        seti = self._get(self.setup_intents, setup_intent_id)
        if seti.get("payment_method"):
            seti["payment_method"] = copy.deepcopy(self.payment_methods[seti["payment_method"]])
        if seti.get("mandate"):
            seti["mandate"] = copy.deepcopy(self.mandates[seti["mandate"]])
        return seti

    def mandate_retrieve(self, mandate_id):
        self._record("mandate_retrieve", mandate_id=mandate_id)
        return self._get(self.mandates, mandate_id)

    def payment_method_detach(self, payment_method_id, *, idempotency_key):
        self._record(
            "payment_method_detach",
            payment_method_id=payment_method_id,
            idempotency_key=idempotency_key,
        )
        pm = self.payment_methods.get(payment_method_id)
        if pm is None or pm["customer"] is None:
            raise stripe_client.StripeNotFound("not attached")
        pm["customer"] = None
        for mandate in self.mandates.values():
            if mandate["payment_method"] == payment_method_id:
                self.set_mandate(
                    mandate["id"],
                    status="inactive",
                    network_status="revoked",
                    revocation_reason="could_not_process",
                )
        return copy.deepcopy(pm)

    # --- what happens at Stripe -----------------------------------------------------------

    def make_payment_intent(
        self,
        *,
        amount,
        metadata,
        customer=None,
        status="succeeded",
        method="card",
        currency="gbp",
        payment_method=None,
        livemode=False,
    ):
        """A PaymentIntent (and, unless it is still waiting, its charge)."""
        pi_id = new_id("pi")
        pi = {
            "id": pi_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_received": 0,
            "canceled_at": None,
            "cancellation_reason": None,
            "capture_method": "automatic",
            "client_secret": f"{pi_id}_secret_{secrets.token_hex(6)}",
            "confirmation_method": "automatic",
            "created": now(),
            "currency": currency,
            "customer": customer,
            "description": None,
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": livemode,
            "metadata": dict(metadata),
            "next_action": None,
            "payment_method": payment_method or new_id("pm"),
            "payment_method_types": [method],
            "processing": None,
            "status": "requires_payment_method",
        }
        self.payment_intents[pi_id] = pi
        if status != "requires_payment_method":
            self.set_payment_intent(pi_id, status)
        return pi

    def set_payment_intent(self, pi_id, status, *, failure_code=None):
        """Move a PaymentIntent (and its charge) to `status`, as Stripe would."""
        pi = self.payment_intents[pi_id]
        if status in ("processing", "succeeded") or failure_code:
            charge = self.charges.get(pi["latest_charge"]) if pi["latest_charge"] else None
            if charge is None:
                charge = {
                    "id": new_id("ch"),
                    "object": "charge",
                    "amount": pi["amount"],
                    "amount_captured": 0,
                    "amount_refunded": 0,
                    "balance_transaction": None,
                    "captured": False,
                    "created": now(),
                    "currency": pi["currency"],
                    "customer": pi["customer"],
                    "disputed": False,
                    "failure_code": None,
                    "failure_message": None,
                    "livemode": pi["livemode"],
                    "metadata": {},
                    "paid": False,
                    "payment_intent": pi_id,
                    "payment_method": pi["payment_method"],
                    "payment_method_details": _method_details(pi["payment_method_types"][0]),
                    "refunded": False,
                    "status": "pending",
                }
                self.charges[charge["id"]] = charge
                pi["latest_charge"] = charge["id"]
            if status == "succeeded":
                charge.update(
                    status="succeeded",
                    paid=True,
                    captured=True,
                    amount_captured=pi["amount"],
                    balance_transaction=new_id("txn"),
                )
                pi["amount_received"] = pi["amount"]
            elif failure_code:
                charge.update(
                    status="failed",
                    failure_code=failure_code,
                    failure_message="The bank refused this payment.",
                )
                pi["last_payment_error"] = {
                    "code": failure_code,
                    "message": "The bank refused this payment.",
                    "type": "card_error"
                    if pi["payment_method_types"] == ["card"]
                    else "invalid_request_error",
                }
        if status == "canceled":
            pi["canceled_at"] = now()
            pi["cancellation_reason"] = "abandoned"
        pi["status"] = status
        return pi

    def pay_checkout(self, session_id, *, pi_status="succeeded", amount=None):
        """The tenant pays on the Checkout page: a PaymentIntent appears and the session
        completes."""
        session = self.sessions[session_id]
        pi = self.make_payment_intent(
            amount=amount or session["amount_total"],
            metadata=session["payment_intent_data"]["metadata"],
            customer=session["customer"],
            status=pi_status,
        )
        session.update(
            status="complete",
            payment_status="paid" if pi_status == "succeeded" else "unpaid",
            payment_intent=pi["id"],
            url=None,
            customer_details={"email": "tenant@example.com", "name": None},
        )
        return pi

    def expire_checkout(self, session_id):
        session = self.sessions[session_id]
        session.update(status="expired", url=None)
        return session

    def refund(self, pi_id, amount, *, status="succeeded"):
        pi = self.payment_intents[pi_id]
        charge = self.charges[pi["latest_charge"]]
        refund = {
            "id": new_id("re"),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "created": now(),
            "currency": "gbp",
            "payment_intent": pi_id,
            "reason": "requested_by_customer",
            "status": status,
        }
        self.refunds.setdefault(pi_id, []).insert(0, refund)
        charge["amount_refunded"] += amount if status == "succeeded" else 0
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        return charge

    def dispute(self, pi_id, *, status="needs_response", amount=None, dispute_id=None):
        pi = self.payment_intents[pi_id]
        charge = self.charges[pi["latest_charge"]]
        charge["disputed"] = True
        existing = [d for d in self.disputes.get(pi_id, []) if d["id"] == dispute_id]
        if existing:
            existing[0]["status"] = status
            return existing[0]
        dispute = {
            "id": dispute_id or new_id("dp"),
            "object": "dispute",
            "amount": amount or charge["amount"],
            "charge": charge["id"],
            "created": now(),
            "currency": "gbp",
            "is_charge_refundable": False,
            "livemode": False,
            "metadata": {},
            "payment_intent": pi_id,
            "payment_method_details": {"type": pi["payment_method_types"][0]},
            "reason": "debit_not_authorized"
            if pi["payment_method_types"] == ["bacs_debit"]
            else "fraudulent",
            "status": status,
        }
        self.disputes.setdefault(pi_id, []).append(dispute)
        return dispute

    def complete_setup(self, session_id, *, mandate_status="pending", last4="2345"):
        """The tenant gives their bank details on the set-up page and agrees the mandate."""
        session = self.sessions[session_id]
        pm = {
            "id": new_id("pm"),
            "object": "payment_method",
            "type": "bacs_debit",
            "bacs_debit": {
                "fingerprint": secrets.token_hex(8),
                "last4": last4,
                "sort_code": "108800",
            },
            "billing_details": {"email": "tenant@example.com", "name": "A Tenant"},
            "customer": session["customer"],
            "livemode": False,
            "created": now(),
        }
        self.payment_methods[pm["id"]] = pm
        mandate = {
            "id": new_id("mandate"),
            "object": "mandate",
            "customer_acceptance": {
                "accepted_at": now(),
                "type": "online",
                "online": {"ip_address": "127.0.0.1", "user_agent": "x"},
            },
            "livemode": False,
            "multi_use": {},
            "payment_method": pm["id"],
            "payment_method_details": {
                "type": "bacs_debit",
                "bacs_debit": {
                    "network_status": "pending",
                    "reference": f"RIVERSIDE-{secrets.token_hex(3).upper()}",
                    "revocation_reason": None,
                    "url": "https://payments.stripe.com/bacs_debit/mandate/xyz",
                },
            },
            "status": mandate_status,
            "type": "multi_use",
        }
        self.mandates[mandate["id"]] = mandate
        seti = {
            "id": new_id("seti"),
            "object": "setup_intent",
            "created": now(),
            "customer": session["customer"],
            "livemode": False,
            "mandate": mandate["id"],
            "metadata": session["metadata"],
            "payment_method": pm["id"],
            "payment_method_types": ["bacs_debit"],
            "status": "succeeded",
            "usage": "off_session",
        }
        self.setup_intents[seti["id"]] = seti
        session.update(status="complete", setup_intent=seti["id"], url=None)
        return seti

    def set_mandate(self, mandate_id, *, status, network_status=None, revocation_reason=None):
        mandate = self.mandates[mandate_id]
        mandate["status"] = status
        details = mandate["payment_method_details"]["bacs_debit"]
        details["network_status"] = network_status or {
            "active": "accepted",
            "inactive": "revoked",
        }.get(status, "pending")
        details["revocation_reason"] = revocation_reason
        return mandate

    # --- events ---------------------------------------------------------------------------

    def event(self, event_type: str, obj: dict, *, livemode=False, created=None) -> dict:
        """The event Stripe sends about `obj` (a snapshot as it is now), kept for Event.list."""
        event = {
            "id": new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": created or now(),
            "data": {"object": copy.deepcopy(obj)},
            "livemode": livemode,
            "pending_webhooks": 1,
            "request": {"id": new_id("req"), "idempotency_key": None},
            "type": event_type,
        }
        self.events.append(event)
        return event

    def charge_of(self, pi_id: str) -> dict:
        return copy.deepcopy(self.charges[self.payment_intents[pi_id]["latest_charge"]])

    def session(self, session_id: str) -> dict:
        return _public_session(copy.deepcopy(self.sessions[session_id]))


def _public_session(session: dict) -> dict:
    public = dict(session)
    public.pop("payment_intent_data", None)
    return public


def _method_details(method: str) -> dict:
    if method == "bacs_debit":
        return {
            "type": "bacs_debit",
            "bacs_debit": {
                "fingerprint": "f",
                "last4": "2345",
                "sort_code": "108800",
                "expected_debit_date": "2027-01-08",
            },
        }
    return {
        "type": "card",
        "card": {
            "brand": "visa",
            "country": "GB",
            "exp_month": 12,
            "exp_year": 2030,
            "funding": "debit",
            "last4": "4242",
        },
    }


def sign(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)


def post_event(client, event: dict, *, secret: str = WEBHOOK_SECRET, timestamp=None, **extra):
    """Sign `event` as Stripe does and post exactly those bytes to the webhook."""
    payload = json.dumps(event)
    return client.post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, secret=secret, timestamp=timestamp),
        **extra,
    )
