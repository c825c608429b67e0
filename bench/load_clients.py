"""The load for bench/load.py: simulated tenants and Stripe's webhook deliveries.

Each simulated tenant is a thread with its own cookies, acting as a person does: it signs in
through the real sign-in form, then, until the run ends, reads a page for a while (think time)
and does one of: look at its balance (the dashboard), read its statement, or save one page of
its budget (GET the page, POST the answers). Every request opens a new connection, as a
browser behind a proxy would after its keep-alive expires.

Requests carry what the reverse proxy in front of the portal sends: X-Forwarded-Proto: https
(so the production settings' secure cookies and CSRF origin checks apply) and X-Forwarded-For
with the tenant's own address (the run sets TRUSTED_PROXY_COUNT=1, as production behind one
proxy does). Without that, 200 people would share one address and allauth's per-address
sign-in limit would refuse them, which is not what happens to 200 households.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"
ORIGIN = f"https://{HOST}"
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Recorder:
    """Latencies and failures by page name, shared by every client thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[tuple[float, float]]] = {}  # (finished at, seconds)
        self.errors: dict[str, list[tuple[float, str]]] = {}

    def ok(self, page: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(page, []).append((time.time(), seconds))

    def error(self, page: str, what: str) -> None:
        with self.lock:
            self.errors.setdefault(page, []).append((time.time(), what))


@dataclass
class Tenant:
    email: str
    password: str
    address: str  # the X-Forwarded-For the proxy would add
    statement_path: str
    budget_path: str
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""


def request(
    port: int,
    tenant: Tenant | None,
    method: str,
    path: str,
    *,
    form: dict | None = None,
    headers: dict | None = None,
    body: bytes | None = None,
    timeout: float = 60,
) -> tuple[int, dict[str, str], bytes]:
    """One request on a new connection; keeps the tenant's cookies and latest CSRF token."""
    sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
    if tenant is not None:
        sent["X-Forwarded-For"] = tenant.address
        if tenant.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in tenant.cookies.items())
    if form is not None:
        body = urlencode(form, doseq=True).encode()
        sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent["Origin"] = ORIGIN
        sent["Referer"] = ORIGIN + path
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        headers_out = {k.lower(): v for k, v in response.getheaders()}
        if tenant is not None:
            for value in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(value)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        tenant.cookies.pop(name, None)
                    else:
                        tenant.cookies[name] = morsel.value
            match = CSRF_FIELD.search(data)
            if match:
                tenant.csrf = match.group(1).decode()
        return response.status, headers_out, data
    finally:
        conn.close()


def timed(recorder: Recorder, page: str, expect: int, call) -> tuple[int, dict, bytes] | None:
    started = time.perf_counter()
    try:
        status, headers, data = call()
    except (OSError, http.client.HTTPException) as exc:
        recorder.error(page, f"{type(exc).__name__}: {exc}")
        return None
    elapsed = time.perf_counter() - started
    if status != expect:
        recorder.error(page, f"HTTP {status} (expected {expect}) {headers.get('location', '')}")
        return None
    recorder.ok(page, elapsed)
    return status, headers, data


def sign_in(port: int, tenant: Tenant, recorder: Recorder) -> bool:
    if not timed(recorder, "sign in: form", 200, lambda: request(port, tenant, "GET", LOGIN)):
        return False
    form = {"csrfmiddlewaretoken": tenant.csrf, "login": tenant.email, "password": tenant.password}
    result = timed(
        recorder,
        "sign in: submit",
        302,
        lambda: request(port, tenant, "POST", LOGIN, form=form),
    )
    if not result:
        return False
    if result[1].get("location") != DASHBOARD:
        recorder.error("sign in: submit", f"went to {result[1].get('location')}")
        return False
    return bool(timed(recorder, "balance (dashboard)", 200, lambda: dashboard(port, tenant)))


LOGIN = "/accounts/login/"
DASHBOARD = "/my-account/"


def dashboard(port: int, tenant: Tenant):
    return request(port, tenant, "GET", DASHBOARD)


def save_budget(port: int, tenant: Tenant, recorder: Recorder, answers: dict, rng) -> None:
    path = tenant.budget_path
    if not timed(recorder, "budget: page", 200, lambda: request(port, tenant, "GET", path)):
        return
    form = {"csrfmiddlewaretoken": tenant.csrf}
    for key, (low, high) in answers.items():
        form[f"{key}-amount"] = f"{rng.randint(low, high)}.{rng.randint(0, 99):02d}"
        form[f"{key}-frequency"] = rng.choice(["weekly", "fortnightly", "monthly"])
    timed(recorder, "budget: save", 302, lambda: request(port, tenant, "POST", path, form=form))


def tenant_loop(
    port: int,
    tenant: Tenant,
    recorder: Recorder,
    *,
    start_at: float,
    stop_at: float,
    think: tuple[float, float],
    budget_answers: dict,
    seed: int,
) -> None:
    """One person: wait for their turn, sign in, then read, look and save until the end."""
    rng = random.Random(seed)
    time.sleep(max(0.0, start_at - time.time()))
    if time.time() >= stop_at or not sign_in(port, tenant, recorder):
        return
    while True:
        pause = rng.uniform(*think)
        if time.time() + pause >= stop_at:
            return
        time.sleep(pause)
        roll = rng.random()
        if roll < 0.4:
            timed(recorder, "balance (dashboard)", 200, lambda: dashboard(port, tenant))
        elif roll < 0.75:
            path = tenant.statement_path
            timed(recorder, "statement", 200, lambda p=path: request(port, tenant, "GET", p))
        else:
            save_budget(port, tenant, recorder, budget_answers, rng)


def webhook_loop(
    port: int,
    deliveries: list[str],
    secret: str,
    recorder: Recorder,
    *,
    start_at: float,
    stop_at: float,
) -> None:
    """Post every delivery, signed at send time, spread evenly from start_at to stop_at."""
    import stripe  # the bench signs bodies as Stripe does; the app never sees this import

    sign = stripe.WebhookSignature.generate_signature_header
    gap = (stop_at - start_at) / max(len(deliveries), 1)
    for n, body in enumerate(deliveries):
        time.sleep(max(0.0, start_at + n * gap - time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": sign(body, secret),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }
        timed(
            recorder,
            "Stripe webhook",
            200,
            lambda h=headers, b=body: request(
                port, None, "POST", "/payments/stripe/webhook/", headers=h, body=b.encode()
            ),
        )
