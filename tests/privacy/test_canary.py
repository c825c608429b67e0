"""Check 23: canary personal data, seeded through the real flows (import, sign-in, linking,
budget, benefits check, card payment with its webhook, the officer's case page and note,
subject access, retention), never appears in logs, Celery task arguments or URLs.

The canaries must reach the places they belong (the database, the tenant's own pages, the
export): the test checks that too, so it cannot pass by seeding nothing.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from urllib.parse import unquote

import pytest
from celery.app.task import Task
from django.urls import reverse

from payments.models import PaymentAttempt
from portal import imports, tasks
from portal.models import LedgerEntry, TenancyMember
from tests.benefits_checker.test_views import answer_everything, step_url
from tests.budgeting.test_views import HOUSEHOLD_POST, REQUIRED, blank_post, section_url
from tests.factories import TEST_PASSWORD, UserFactory
from tests.payments.fakes import WEBHOOK_SECRET, FakeStripe, post_event
from tests.portal.test_imports import tenancy_row, write_tenancies

pytestmark = pytest.mark.django_db

NAME = "Quenby Canaryfield"
PARTNER = "Ottoline Canarypartner"
CHILD = "Wren Canarychild"
EMAIL = "quenby.canary@example.org"
ADDRESS = "17 Canarywharfish Row"
NOTE = "Canarynote: mentions her panic attacks"
BUDGET_NOTE = "Canarywood for the stove"
# What to look for: distinctive parts, so a partial or re-cased leak is caught too.
CANARIES = (
    "canaryfield",
    "canarypartner",
    "canarychild",
    "quenby.canary",
    "canarywharfish",
    "canarynote",
    "panic attacks",
    "canarywood",
)
REFERENCE = "T0CANARY1"
OUR_LOGGERS = (
    "config",
    "portal",
    "payments",
    "budgeting",
    "benefits_checker",
    "casework",
    "arrangements",
    "referrals",
    "cms",
)
URL_ATTRIBUTES = re.compile(r'(?:href|src|action|formaction)="([^"]*)"')


def leaks(text: str) -> list[str]:
    text = unquote(unquote(str(text))).lower().replace("+", " ")
    return [canary for canary in CANARIES if canary in text]


class Recorder:
    """A test client wrapper that records every URL requested, redirected to or linked."""

    def __init__(self, client):
        self.client = client
        self.urls: list[str] = []

    def _seen(self, path, response):
        self.urls.append(path)
        if response.has_header("Location"):
            self.urls.append(response["Location"])
        if response.get("Content-Type", "").startswith("text/html"):
            self.urls += URL_ATTRIBUTES.findall(response.content.decode())
        return response

    def get(self, path, data=None, **extra):
        response = self.client.get(path, data, **extra)
        self.urls.append(
            path + ("?" + "&".join(f"{k}={v}" for k, v in data.items()) if data else "")
        )
        return self._seen(path, response)

    def post(self, path, data=None, **extra):
        return self._seen(path, self.client.post(path, data, **extra))


@pytest.fixture
def queued(monkeypatch):
    """Every task queued, with its arguments, while still running it (eager)."""
    calls = []
    apply_async = Task.apply_async

    def recording(self, args=None, kwargs=None, **options):
        calls.append((self.name, args, kwargs))
        return apply_async(self, args, kwargs, **options)

    monkeypatch.setattr(Task, "apply_async", recording)
    return calls


@pytest.fixture
def stripe_fake(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_" + "x" * 24
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET]
    settings.STRIPE_LIVE_MODE = False
    return FakeStripe().install(monkeypatch)


def test_canaries_never_reach_logs_task_arguments_or_urls(
    client,
    officer,
    caplog,
    queued,
    stripe_fake,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    # Everything at DEBUG, except Django's own logger, which Django's default configuration
    # holds at INFO in every environment (its DEBUG output, such as a template variable miss,
    # dumps a whole template context and is never switched on: see the test below).
    caplog.set_level(logging.DEBUG)
    for name in ("celery", "kombu", "allauth", "wagtail", *OUR_LOGGERS):
        caplog.set_level(logging.DEBUG, logger=name)
    browser = Recorder(client)

    def step(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    # 1. The housing system's file brings the tenancy and its people.
    people = [
        (NAME, "1990-02-14", "lead"),
        (PARTNER, "1991-06-01", "joint"),
        (CHILD, "2018-01-10", "occupant"),
    ]
    rows = [
        tenancy_row(
            tenancy_ref=REFERENCE,
            address_line_1=ADDRESS,
            address_line_2="",
            bedrooms="3",
            weekly_rent="120.00",
            person_name=person,
            date_of_birth=born,
            role=role,
        )
        for person, born, role in people
    ]
    rows.append(tenancy_row(tenancy_ref="T0CANARY2", person_name=NAME, date_of_birth="bad"))
    path = write_tenancies(tmp_path / "tenancies.csv", rows)
    step(imports.hms_file_import, path=path)
    assert TenancyMember.objects.filter(name=NAME).count() == 1

    # 2. Signing in: once wrong, once right.
    user = UserFactory(email=EMAIL, name=NAME)
    step(browser.post, reverse("account_login"), {"login": EMAIL, "password": "wrong-password-1"})
    response = step(
        browser.post, reverse("account_login"), {"login": EMAIL, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    # 3. Linking: a wrong postcode, then the right answers.
    link = reverse("portal:link")
    answers = {
        "reference": REFERENCE,
        "date_of_birth_0": "14",
        "date_of_birth_1": "2",
        "date_of_birth_2": "1990",
        "postcode": "ZZ1 1ZZ",
    }
    step(browser.post, link, answers)
    assert step(browser.post, link, answers | {"postcode": "M1 3HE"}).status_code == 302
    member = TenancyMember.objects.get(name=NAME)
    assert member.user_id == user.pk
    tenancy = member.tenancy
    account = tenancy.accounts.first()
    if account is None:
        from portal.models import Account

        account = Account.objects.create(tenancy=tenancy, kind="rent", reference="R0CANARY1")
    LedgerEntry.objects.create(
        account=account,
        amount_pence=12000,
        posted_on="2026-11-02",
        kind="charge",
        source="hms",
        external_id="CANARY-CHARGE",
        description="Rent",
    )

    # 4. A budget, with a line described in the tenant's own words.
    step(browser.post, section_url(tenancy, "household"), HOUSEHOLD_POST)
    from budgeting.categories import SECTIONS_BY_KEY

    utilities = blank_post(SECTIONS_BY_KEY["utilities"]) | REQUIRED["utilities"]
    utilities |= {"other_utilities-amount": "12", "other_utilities-description": BUDGET_NOTE}
    assert step(browser.post, section_url(tenancy, "utilities"), utilities).status_code == 302

    # 5. A benefits check naming the partner and child.
    step(browser.get, step_url("people") + "?new=1")
    partner = TenancyMember.objects.get(name=PARTNER)
    child = TenancyMember.objects.get(name=CHILD)
    step(answer_everything, browser, partner, child)
    assert step(browser.post, reverse("benefits_checker:check_answers")).status_code == 302

    # 6. A card payment: Stripe (faked at payments/stripe_client.py) takes it and tells us.
    pay = step(
        browser.post,
        reverse("payments:pay"),
        {"account": account.reference, "amount": "50.00", "form_token": str(uuid.uuid4())},
    )
    assert pay.status_code == 303, pay.content.decode()[:2000]
    attempt = PaymentAttempt.objects.get()
    payment_intent = stripe_fake.pay_checkout(attempt.checkout_session_id)
    stripe_fake.sessions[attempt.checkout_session_id]["customer_details"] = {
        "email": EMAIL,
        "name": NAME,
        "address": {"line1": ADDRESS},
    }
    for event in (
        stripe_fake.event(
            "checkout.session.completed", stripe_fake.session(attempt.checkout_session_id)
        ),
        stripe_fake.event("payment_intent.succeeded", payment_intent),
    ):
        assert step(post_event, client, event).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    step(browser.get, reverse("payments:paid", args=[attempt.pk]))

    # 7. The tenant looks around, and downloads their data.
    for page in (
        reverse("portal:dashboard"),
        reverse("portal:statement", args=[account.reference]),
    ):
        assert step(browser.get, page).status_code == 200
    own_page = step(browser.get, reverse("portal:my_data")).content.decode()
    export = step(browser.get, reverse("portal:my_data_json")).content.decode()

    # 8. The officer opens the case and writes a note about the tenant's health.
    browser.client.force_login(officer)
    case = reverse("casework:case", args=[REFERENCE])
    assert step(browser.get, case).status_code == 200
    assert step(
        browser.post, reverse("casework:case_note_add", args=[REFERENCE]), {"note-text": NOTE}
    ).status_code in (302, 303)
    assert NOTE in step(browser.get, case).content.decode()

    # 9. The nightly jobs.
    step(tasks.personal_data_retain.delay)

    # The canaries got where they belong...
    lowered_export = export.lower()
    for canary in ("canaryfield", "quenby.canary", "canarywharfish", "canarywood"):
        assert canary in lowered_export, canary
    assert "canarywharfish" in own_page.lower()

    # ...and nowhere else.
    log_leaks = []
    for record in caplog.records:
        if record.name.startswith("factory"):
            continue  # the test's own factories, not the application
        text = record.getMessage() + (record.exc_text or "") + repr(getattr(record, "args", ""))
        if leaks(text):
            log_leaks.append(f"{record.name}: {record.getMessage()[:300]}")
    assert not log_leaks, log_leaks
    assert caplog.records, "nothing was logged at all: the capture is not working"

    assert queued, "no task was queued: the capture is not working"
    task_leaks = [call for call in queued if leaks(json.dumps(call, default=str))]
    assert not task_leaks, task_leaks

    url_leaks = [url for url in browser.urls if leaks(url)]
    assert not url_leaks, url_leaks
    assert len(browser.urls) > 50


def test_djangos_own_debug_logging_is_never_on(settings):
    """Django's DEBUG records (a missed template variable logs the whole context, with any
    personal data in it) stay off: the `django` logger is held at INFO by Django's default
    configuration, and our settings do not lower it."""
    assert logging.getLogger("django").getEffectiveLevel() >= logging.INFO
    assert logging.getLogger("django.template").getEffectiveLevel() >= logging.INFO
    configured = settings.LOGGING.get("loggers", {})
    for name, config in configured.items():
        if name == "django" or name.startswith("django."):
            assert config.get("level", "INFO") != "DEBUG", name


def test_the_detector_finds_canaries_however_they_are_written():
    assert leaks("/pay/?email=Quenby.Canary%40example.org") == ["quenby.canary"]
    assert leaks("next=%2Fx%3Fname%3DQuenby%2BCanaryfield") == ["canaryfield"]
    assert leaks("Note: CANARYNOTE") == ["canarynote"]
    assert leaks("/my-account/accounts/R0CANARY1/") == []
