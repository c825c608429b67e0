"""A keyboard-only walk through the three journeys a tenant must be able to finish without a
mouse (WCAG 2.1.1 Keyboard, 2.4.1 Bypass blocks, 2.4.7 and 2.4.11 Focus visible): signing in
from the home page, paying by card up to the hand-off to Stripe Checkout, and proposing a
payment plan through to its confirmation.

Only the keyboard moves the person on: Tab, Shift+Tab, Enter, Space, the arrow keys inside a
group of radios, and typing. Nothing is clicked and no URL is opened after the first page.
Elements are found by role and label; at every key press the test asserts which element has
the focus (document.activeElement) and that its focus indicator is visible in GOV.UK's style
(the yellow focus colour in an outline, a box-shadow or the background). On every page the
first Tab stop is the "Skip to main content" link.

Stripe is replaced at payments/stripe_client.py (tests/payments/fakes.py), as everywhere in the
suite. The card walk ends at the hand-off: the browser's request for the Checkout URL the fake
made, reached by the redirect that answered the form. That host is not resolvable here, so
nothing leaves the machine.
"""

import datetime as dt

import pytest
from django.utils import timezone

from arrangements.models import Arrangement
from payments.models import PaymentAttempt
from portal.models import LedgerEntry
from tests.budgeting.helpers import submitted_budget
from tests.factories import TEST_PASSWORD, LedgerEntryFactory, tenant_with_account
from tests.payments.fakes import WEBHOOK_SECRET, FakeStripe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 60
GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"  # #ffdd00, GOV.UK Frontend's $govuk-focus-colour

# What the focused element's focus indicator looks like. Radios and checkboxes hide the real
# input (opacity 0) and draw their focus ring on the label's ::before, so look there too.
FOCUS_JS = """
(yellow) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return {focused: false};
  }
  const label = (el.labels && el.labels[0]) || null;
  const ringOnLabel = el.matches('.govuk-radios__input, .govuk-checkboxes__input') && label;
  const boxes = [getComputedStyle(el)];
  if (ringOnLabel) boxes.push(getComputedStyle(label, '::before'));
  const shown = ringOnLabel ? label : el;
  const rect = shown.getBoundingClientRect();
  const transparent = (colour) => colour === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(colour);
  let indicator = false;
  let govukYellow = false;
  for (const s of boxes) {
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
      && !transparent(s.outlineColor);
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    const background = s.backgroundColor === yellow;
    if (outline || shadow || background) indicator = true;
    if ((outline && s.outlineColor === yellow) || (shadow && s.boxShadow.includes(yellow))
        || background) govukYellow = true;
  }
  return {
    focused: true,
    description: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.getAttribute('href') ? ' href=' + el.getAttribute('href') : '')
      + ' "' + ((label && label.innerText) || el.innerText || el.value || '').trim().slice(0, 60)
      + '"',
    indicator,
    govukYellow,
    onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
      && rect.top < window.innerHeight && rect.left < window.innerWidth,
    inMain: !!el.closest('#main-content'),
  };
}
"""


# The first element sequential focus navigation would reach (no positive tabindex is used).
FIRST_TAB_STOP_JS = """
() => {
  const candidates = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
  for (const el of candidates) {
    if (el.disabled || el.tabIndex < 0 || el.closest('[hidden], [inert]')) continue;
    return el.innerText.trim();
  }
  return null;
}
"""


def focus_state(page) -> dict:
    return page.evaluate(FOCUS_JS, GOVUK_FOCUS_YELLOW)


def assert_focus_visible(page, where: str) -> dict:
    state = focus_state(page)
    assert state["focused"], f"{where}: the focus was lost (document.activeElement is the body)"
    assert state["indicator"], f"{where}: no visible focus indicator on {state['description']}"
    assert state["govukYellow"], (
        f"{where}: the focus indicator of {state['description']} is not GOV.UK's focus style"
    )
    assert state["onScreen"], f"{where}: {state['description']} has the focus but is off screen"
    return state


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement", timeout=10_000)


def press(page, key: str, where: str) -> dict:
    page.keyboard.press(key)
    return assert_focus_visible(page, f"{where}, after {key}")


def tab_to(page, locator, where: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus, checking every stop on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    stops = []
    for _ in range(MAX_TABS):
        stops.append(press(page, key, where)["description"])
        if is_focused(locator):
            return
    pytest.fail(f"{where}: {key} never reached the element; stops were: {stops}")


def assert_skip_link_first(page, where: str) -> None:
    """The first Tab stop on a freshly loaded page is the skip link, shown when focused.

    The one exception is GOV.UK's own: a page that opens with a success banner or an error
    summary moves the focus to it so that it is read out first. Then that box must show the
    focus, and the next Tab stop is in the main content after it; the skip link must still be
    the first element in the page's Tab order."""
    page.wait_for_load_state("load")
    first = page.evaluate(FIRST_TAB_STOP_JS)
    assert first == "Skip to main content", f"{where}: the first Tab stop in the page is {first!r}"
    moved = page.evaluate(
        "document.activeElement === document.body ? null"
        " : document.activeElement.className + ' ' + document.activeElement.outerHTML.slice(0, 200)"
    )
    if moved is not None:
        assert moved.startswith(("govuk-notification-banner", "govuk-error-summary")), (
            f"{where}: the focus moved on load to {moved}"
        )
        state = assert_focus_visible(page, f"{where}, on load")
        assert state["inMain"], where
        assert press(page, "Tab", where)["inMain"], f"{where}: Tab left the main content"
        return
    press(page, "Tab", where)
    skip = page.get_by_role("link", name="Skip to main content")
    assert is_focused(skip), f"{where}: the first Tab stop is not the skip link"
    assert skip.get_attribute("href") == "#main-content"


def type_into(page, locator, text: str, where: str) -> None:
    """Replace what the focused field holds, as a person would: select all, then type."""
    assert is_focused(locator), f"{where}: typing into a field without the focus"
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    assert locator.input_value() == text, where


@pytest.fixture
def stripe_on(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET]
    settings.STRIPE_LIVE_MODE = False
    return FakeStripe().install(monkeypatch)


@pytest.fixture
def tenant_owing():
    """A tenant whose rent is £95.00 a week, who owes £500.00 and has a submitted budget."""
    user, account = tenant_with_account()
    LedgerEntryFactory(
        account=account,
        amount_pence=40500,
        posted_on=dt.date(2026, 11, 2),
        kind=LedgerEntry.Kind.ADJUSTMENT,
        description="Arrears brought forward",
    )
    LedgerEntryFactory(account=account, amount_pence=9500, posted_on=dt.date(2026, 11, 16))
    submitted_budget(user, account.tenancy)
    return user, account


def test_signing_in_from_the_home_page_with_the_keyboard_only(
    signed_in_page, live_server, tenant_owing
):
    user, _ = tenant_owing
    page = signed_in_page()
    page.goto(live_server.url + "/")  # the start page: the only URL opened
    assert_skip_link_first(page, "home page")

    # The skip link works: Enter on it moves the focus into the main content.
    page.keyboard.press("Enter")
    state = press(page, "Tab", "home page, after the skip link")
    assert state["inMain"], f"the skip link did not move the focus: {state['description']}"

    # Back up to the header's "Sign in" link and follow it.
    tab_to(page, page.get_by_role("link", name="Sign in", exact=True), "home page", backwards=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_skip_link_first(page, "sign-in page")

    email = page.get_by_label("Email", exact=True)
    tab_to(page, email, "sign-in page")
    type_into(page, email, user.email, "email")
    password = page.get_by_label("Password", exact=True)
    tab_to(page, password, "sign-in page")
    page.keyboard.type(TEST_PASSWORD)
    tab_to(page, page.get_by_role("button", name="Sign in"), "sign-in page")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == live_server.url + "/my-account/"
    assert page.get_by_role("heading", level=1).count() == 1
    assert_skip_link_first(page, "dashboard")
    # Signed in: the header now offers "Sign out", back up from the main content to reach it.
    tab_to(page, page.get_by_role("button", name="Sign out"), "dashboard", backwards=True)


def test_paying_by_card_up_to_stripe_checkout_with_the_keyboard_only(
    signed_in_page, live_server, tenant_owing, stripe_on
):
    user, account = tenant_owing
    page = signed_in_page(user)
    # Stripe's hosted page is not on this machine: answer the browser's request for it here.
    page.goto(live_server.url + "/my-account/")  # the start page: signed in already
    assert_skip_link_first(page, "dashboard")
    tab_to(page, page.get_by_role("link", name="Pay by card"), "dashboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/pay/"
    assert_skip_link_first(page, "pay page")

    amount = page.get_by_label("How much do you want to pay?")
    tab_to(page, amount, "pay page")
    assert amount.input_value() == "500.00"  # what they owe, offered as the amount
    type_into(page, amount, "25.50", "amount")
    tab_to(page, page.get_by_role("button", name="Continue to payment"), "pay page")
    # Stripe's hosted page is not on this machine: the walk ends at the browser's request for
    # it, the redirect that answered the form's POST.
    with page.expect_request("https://checkout.stripe.com/**") as hand_off:
        page.keyboard.press("Space")
    request = hand_off.value

    attempt = PaymentAttempt.objects.get(account=account)
    assert attempt.amount_pence == 2550
    assert attempt.status == PaymentAttempt.Status.PENDING
    assert request.is_navigation_request()
    assert request.redirected_from is not None
    assert request.redirected_from.method == "POST"
    assert request.redirected_from.url == live_server.url + "/pay/"
    # A URL's #fragment never travels in a request.
    assert request.url == attempt.checkout_url.split("#")[0]
    assert attempt.checkout_url == stripe_on.sessions[attempt.checkout_session_id]["url"]


def test_proposing_a_payment_plan_with_the_keyboard_only(signed_in_page, live_server, tenant_owing):
    user, account = tenant_owing
    page = signed_in_page(user)
    page.goto(live_server.url + "/my-account/")  # the start page: signed in already
    assert_skip_link_first(page, "dashboard")
    tab_to(page, page.get_by_role("link", name="Set up a payment plan"), "dashboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/payment-plan/"
    assert_skip_link_first(page, "plan form")

    amount = page.get_by_label("How much can you pay towards your arrears each time?")
    tab_to(page, amount, "plan form")
    type_into(page, amount, "20.00", "plan amount")

    weekly = page.get_by_role("radio", name="Every week")
    tab_to(page, weekly, "plan form")
    page.keyboard.press("Space")
    assert weekly.is_checked()

    today = timezone.localdate()
    for label, value in (("Day", today.day), ("Month", today.month), ("Year", today.year)):
        field = page.get_by_label(label, exact=True)
        tab_to(page, field, "plan form")
        type_into(page, field, str(value), f"start {label.lower()}")

    covers = page.get_by_role("radio", name="Yes")
    tab_to(page, covers, "plan form")
    page.keyboard.press("Space")
    assert covers.is_checked()

    # The first payment method is Direct Debit; the arrow key moves to card and selects it.
    direct_debit = page.get_by_role("radio", name="Direct Debit")
    tab_to(page, direct_debit, "plan form")
    card = page.get_by_role("radio", name="Card")
    press(page, "ArrowDown", "payment method")
    assert is_focused(card)
    assert card.is_checked()

    tab_to(page, page.get_by_role("button", name="Continue"), "plan form")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1, name="Check your payment plan").is_visible()
    assert_skip_link_first(page, "plan preview")

    tab_to(page, page.get_by_role("button", name="Send my plan"), "plan preview")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1, name="Your payment plan").is_visible()
    assert_skip_link_first(page, "plan confirmation")

    plan = Arrangement.objects.get(tenancy=account.tenancy)
    assert plan.amount_pence == 2000
    assert plan.frequency == "weekly"
    assert plan.payment_method == "card"


def test_the_focus_check_fails_when_the_focus_style_is_taken_away(browser, live_server):
    """The walk's focus check can fail: with GOV.UK's focus styles removed it refuses.
    (The site's Content-Security-Policy forbids inline styles, so this page bypasses it.)"""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert_skip_link_first(page, "home page")
    page.add_style_tag(
        content="*:focus, *:focus::before { outline: none !important;"
        " box-shadow: none !important; background: none !important; }"
    )
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        press(page, "Tab", "home page without focus styles")
    context.close()
