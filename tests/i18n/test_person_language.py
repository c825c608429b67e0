"""Each person's language is stored on their login (portal/person_language.py) and every email
to a tenant goes out in it, even from Celery, where no language is active."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from arrangements import tasks as arrangement_tasks
from arrangements.models import ArrangementDecision, ArrangementNotice
from payments import tasks as payment_tasks
from payments.models import PaymentAttempt
from portal.models import User
from tests.arrangements.factories import ArrangementFactory
from tests.factories import TEST_PASSWORD, UserFactory, tenant_with_account
from tests.i18n.extract import ROOT, template_messages

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME
PREFIX = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
WELSH, ENGLISH = "cy", "en-gb"


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def stored_language(user) -> str:
    return User.objects.values_list("language", flat=True).get(pk=user.pk)


# --- The switcher ----------------------------------------------------------------------------


def test_the_switcher_stores_the_language_of_a_signed_in_tenant(client):
    user, _account = tenant_with_account()
    client.force_login(user)
    client.get("/language/cy/?next=/my-account/")
    assert stored_language(user) == WELSH
    client.get("/language/en-gb/?next=/my-account/")
    assert stored_language(user) == ENGLISH


def test_the_switcher_saves_only_the_language(client):
    user, _account = tenant_with_account()
    client.force_login(user)
    # Changed elsewhere after this request's copy of the login was loaded: must survive.
    User.objects.filter(pk=user.pk).update(name="Changed Elsewhere")
    client.get("/language/cy/")
    user.refresh_from_db()
    assert (user.language, user.name) == (WELSH, "Changed Elsewhere")


def test_the_switcher_writes_nothing_for_an_anonymous_visitor(client, django_assert_num_queries):
    user, _account = tenant_with_account()
    with django_assert_num_queries(0):
        response = client.get("/language/cy/?next=/")
    assert response.cookies[COOKIE].value == WELSH
    assert stored_language(user) == ""


def test_an_unknown_language_is_not_stored(client):
    user, _account = tenant_with_account()
    client.force_login(user)
    assert client.get("/language/fr/").status_code == 404
    assert stored_language(user) == ""


# --- Sign-up and sign-in ---------------------------------------------------------------------


def sign_up(client, email: str):
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()
    return User.objects.get(email=email)


def test_sign_up_stores_the_language_they_were_reading_in():
    welsh_reader = Client()
    welsh_reader.cookies[COOKIE] = WELSH
    assert sign_up(welsh_reader, "cymraeg@example.com").language == WELSH
    # No cookie: the browser's language decides, as for the pages ("en-US" is English).
    assert sign_up(Client(HTTP_ACCEPT_LANGUAGE="en-US"), "english@example.com").language == ENGLISH
    assert sign_up(Client(HTTP_ACCEPT_LANGUAGE="cy"), "browser@example.com").language == WELSH


def test_the_sign_up_email_is_in_the_readers_language():
    """allauth's own emails are sent during the request, in its language (locale/third_party)."""
    welsh_reader = Client()
    welsh_reader.cookies[COOKIE] = WELSH
    sign_up(welsh_reader, "cymraeg@example.com")
    (message,) = mail.outbox
    assert message.subject == f"{PREFIX}Cadarnhewch eich cyfeiriad e-bost"
    assert "I gadarnhau bod hyn yn gywir, ewch i " in message.body
    sign_up(Client(), "english@example.com")
    assert mail.outbox[1].subject == f"{PREFIX}Please Confirm Your Email Address"


def test_the_password_reset_email_is_in_the_readers_language():
    user = UserFactory(language=ENGLISH)  # the page they read is Welsh: the email follows it
    welsh_reader = Client()
    welsh_reader.cookies[COOKIE] = WELSH
    response = welsh_reader.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == f"{PREFIX}E-bost ailosod cyfrinair"
    assert "Cliciwch y ddolen isod i ailosod eich cyfrinair." in message.body


def sign_in(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()
    return response


def test_signing_in_on_a_new_browser_speaks_the_stored_language():
    user, _account = tenant_with_account()
    User.objects.filter(pk=user.pk).update(language=WELSH)
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-GB")  # no language cookie
    response = sign_in(browser, user)
    assert response.cookies[COOKIE].value == WELSH
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    page = browser.get(reverse("portal:dashboard"))
    assert html_lang(page) == "cy"
    assert '<h1 class="govuk-heading-xl">Eich cyfrif</h1>' in page.content.decode()


def test_this_browsers_cookie_wins_over_the_stored_language_at_sign_in():
    user, _account = tenant_with_account()
    User.objects.filter(pk=user.pk).update(language=WELSH)
    browser = Client()
    browser.cookies[COOKIE] = ENGLISH
    response = sign_in(browser, user)
    assert COOKIE not in response.cookies
    assert html_lang(browser.get(reverse("portal:dashboard"))) == "en-GB"
    assert stored_language(user) == WELSH  # only the switcher changes a stored choice


def test_a_login_with_no_stored_language_learns_this_browsers_cookie_at_sign_in():
    user, _account = tenant_with_account()
    browser = Client()
    browser.cookies[COOKIE] = WELSH
    sign_in(browser, user)
    assert stored_language(user) == WELSH


def test_signing_in_with_no_stored_language_and_no_cookie_changes_nothing():
    user, _account = tenant_with_account()
    response = sign_in(Client(HTTP_ACCEPT_LANGUAGE="cy"), user)
    assert COOKIE not in response.cookies
    assert stored_language(user) == ""


# --- Emails from Celery ----------------------------------------------------------------------


def run_as_celery(task, object_id) -> None:
    """A worker has no request and activates no language."""
    translation.deactivate()
    assert task.apply(args=[str(object_id)]).get() is True


def tenant(language: str):
    user, account = tenant_with_account()
    User.objects.filter(pk=user.pk).update(language=language)
    return user, account


def paid(language: str) -> PaymentAttempt:
    user, account = tenant(language)
    return PaymentAttempt.objects.create(
        account=account,
        user=user,
        amount_pence=5000,
        status=PaymentAttempt.Status.SUCCEEDED,
        payment_intent_id=f"pi_{account.pk}",
    )


def failed(language: str) -> PaymentAttempt:
    user, account = tenant(language)
    return PaymentAttempt.objects.create(
        account=account, user=user, amount_pence=5000, status=PaymentAttempt.Status.FAILED
    )


def notice(language: str, *, breach: bool) -> ArrangementNotice:
    user, account = tenant(language)
    plan = ArrangementFactory(
        tenancy=account.tenancy,
        accounts=[account],
        frequency="monthly",
        start_on=dt.date(2027, 1, 5),
    )
    if breach:
        return ArrangementNotice.objects.create(
            arrangement=plan,
            user=user,
            kind=ArrangementNotice.Kind.BREACH,
            key=f"breach-{plan.pk}",
            behind_pence=2000,
        )
    decision = ArrangementDecision.objects.create(
        arrangement=plan,
        action=ArrangementDecision.Action.APPROVED,
        reason="",
    )
    return ArrangementNotice.objects.create(
        arrangement=plan,
        user=user,
        kind=ArrangementNotice.Kind.DECISION,
        key=f"decision-{plan.pk}",
        decision=decision,
    )


# (make it, its task, Welsh subject, Welsh words in the body, English subject, English words)
EMAILS = {
    "receipt": (
        paid,
        payment_tasks.send_receipt,
        "Rydyn ni wedi cael eich taliad",
        "Rydyn ni wedi cael eich taliad. Diolch.",
        "We have received your payment",
        "We have received your payment. Thank you.",
    ),
    "failed payment": (
        failed,
        payment_tasks.send_failure_notice,
        "Aeth eich taliad ddim drwodd",
        "Does dim byd wedi’i gymryd o’ch cyfrif banc",
        "Your payment did not go through",
        "Nothing has been taken from your bank account",
    ),
    "plan decision": (
        lambda language: notice(language, breach=False),
        arrangement_tasks.send_notice,
        "Mae eich cynllun talu wedi’i gytuno",
        "bob mis calendr, yn dechrau ar 5 Ionawr 2027",
        "Your payment plan is agreed",
        "every calendar month, starting on 5 January 2027",
    ),
    "plan breach": (
        lambda language: notice(language, breach=True),
        arrangement_tasks.send_notice,
        "Eich cynllun talu: cysylltwch â ni",
        "Rydych chi £20.00 ar ei hôl hi gyda’ch cynllun talu.",
        "Your payment plan: please get in touch",
        "You are £20.00 behind your payment plan.",
    ),
}


@pytest.mark.parametrize("kind", EMAILS)
def test_a_welsh_reader_gets_the_email_in_welsh(kind):
    make, task, subject, words, english_subject, english_words = EMAILS[kind]
    run_as_celery(task, make(WELSH).pk)
    (message,) = mail.outbox
    assert message.subject == f"{PREFIX}{subject}"
    assert words in message.body
    assert english_words not in message.body


@pytest.mark.parametrize("kind", EMAILS)
def test_an_english_reader_gets_the_email_in_english(kind):
    make, task, _subject, welsh_words, subject, words = EMAILS[kind]
    run_as_celery(task, make(ENGLISH).pk)
    (message,) = mail.outbox
    assert message.subject == f"{PREFIX}{subject}"
    assert words in message.body
    assert welsh_words not in message.body


def test_the_workers_own_language_does_not_leak_into_an_email():
    """Someone who never chose gets the site's default, whatever the worker has active."""
    attempt = paid("")
    with translation.override(WELSH):
        assert payment_tasks.send_receipt.apply(args=[str(attempt.pk)]).get() is True
        assert translation.get_language() == WELSH  # and the worker's is put back
    assert mail.outbox[0].subject == f"{PREFIX}We have received your payment"


def test_a_rejected_plans_reason_is_in_welsh():
    plan_notice = notice(WELSH, breach=False)
    ArrangementDecision.objects.filter(pk=plan_notice.decision_id).update(
        action=ArrangementDecision.Action.REJECTED,
        reason=ArrangementDecision.Reason.NOT_AFFORDABLE,
    )
    run_as_celery(arrangement_tasks.send_notice, plan_notice.pk)
    (message,) = mail.outbox
    assert message.subject == f"{PREFIX}Doedden ni ddim yn gallu cytuno i’ch cynllun talu"
    assert "Nid yw’r cynllun yn fforddiadwy ar y gyllideb a roddwyd." in message.body


def test_allauths_emails_have_welsh():
    """The emails allauth sends with our settings (verification, reset, unknown account,
    account already exists) take their words from locale/third_party."""
    folder = Path(allauth.__file__).parent / "templates" / "account" / "email"
    names = [
        "base_message.txt",
        "email_confirmation_message.txt",
        "email_confirmation_subject.txt",
        "password_reset_key_message.txt",
        "password_reset_key_subject.txt",
        "unknown_account_message.txt",
        "unknown_account_subject.txt",
        "account_already_exists_message.txt",
        "account_already_exists_subject.txt",
    ]
    catalogue = polib.pofile(
        str(ROOT / "locale" / "third_party" / "cy" / "LC_MESSAGES" / "django.po")
    )
    welsh = {entry.msgid: entry.msgstr for entry in catalogue if not entry.fuzzy}
    for name in names:
        for _context, msgid in template_messages((folder / name).read_text(), str(folder / name)):
            assert welsh.get(msgid), f"{name}: no Welsh for {msgid!r}"


# --- Privacy ---------------------------------------------------------------------------------


def test_my_data_includes_the_language(client):
    user, _account = tenant(WELSH)
    client.force_login(user)
    page = client.get(reverse("portal:my_data")).content.decode()
    key, value = "govuk-summary-list__key", "govuk-summary-list__value"
    assert re.search(rf'<dt class="{key}">Language</dt>\s*<dd class="{value}">Cymraeg</dd>', page)
    document = json.loads(client.get(reverse("portal:my_data_json")).content)
    (login,) = next(s for s in document["sections"] if s["model"] == "portal.User")["records"]
    assert login["language"] == "Cymraeg"
