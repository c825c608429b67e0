"""The referral pages in Chromium: every page and error state passes axe-core (no serious or
critical violations) and reflows at 320px without sideways scrolling; the journey works with
JavaScript off."""

import pytest
from django.test import Client
from django.urls import reverse

from referrals.models import Referral
from tests.browser.axe import WIDTHS, assert_accessible
from tests.factories import LedgerEntryFactory, tenant_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tenant_in_arrears():
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=95_000)
    return user


def submit(page, text=None):
    button = page.locator("#main-content form button[type=submit]")
    if text:
        button = button.filter(has_text=text)
    button.first.click()
    page.wait_for_load_state()


def officer_page_for(browser, live_server, officer, width):
    """A page signed in as the officer, with a client of its own (signing the shared test
    client in as someone else would sign the tenant out)."""
    officer_client = Client()
    officer_client.force_login(officer)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": officer_client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_referral_journey_and_its_errors(
    browser, signed_in_page, live_server, tenant_in_arrears, officer, width
):
    page = signed_in_page(tenant_in_arrears, width=width)
    url = live_server.url
    page.goto(url + reverse("referrals:start"))
    assert_accessible(page, f"start at {width}px")
    page.goto(url + reverse("referrals:topics"))
    submit(page)
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"topics error at {width}px")
    page.check("#id_topics")
    submit(page)
    assert_accessible(page, f"contact at {width}px")
    page.check("#id_contact_method")
    submit(page)
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"contact error at {width}px")
    page.fill("#id_phone", "07700 900 982")
    page.check("#id_contact_times")
    submit(page)
    assert_accessible(page, f"needs at {width}px")
    page.check("#id_interpreter")
    submit(page)
    assert_accessible(page, f"consent at {width}px")
    page.check("#id_finances")
    submit(page)  # without the first tick
    page.wait_for_selector(".govuk-error-summary")
    assert "Tick the first box" in page.content()
    assert_accessible(page, f"consent error (no consent) at {width}px")
    page.check("#id_core")
    submit(page)
    assert "Check what we will send" in page.content()
    assert_accessible(page, f"check at {width}px")
    submit(page)
    assert "Your referral to Citizens Advice" in page.content()
    assert_accessible(page, f"status at {width}px")
    page.goto(url + reverse("referrals:start"))
    assert_accessible(page, f"start with an open referral at {width}px")
    page.goto(url + reverse("portal:dashboard"))
    assert_accessible(page, f"dashboard with the tile at {width}px")

    referral = Referral.objects.get(user=tenant_in_arrears)
    officer_page = officer_page_for(browser, live_server, officer, width)
    officer_page.goto(url + reverse("referrals:officer", args=[referral.pk]))
    assert "Send to Citizens Advice" in officer_page.content()
    assert_accessible(officer_page, f"officer review at {width}px")
    officer_page.context.close()

    page.goto(url + reverse("referrals:withdraw", args=[referral.pk]))
    assert_accessible(page, f"withdraw at {width}px")
    submit(page)
    assert "Nothing was sent" in page.content()
    assert_accessible(page, f"cancelled at {width}px")


def test_the_journey_works_without_javascript(browser, live_server, tenant_in_arrears, client):
    client.force_login(tenant_in_arrears)
    context = browser.new_context(viewport={"width": 320, "height": 900}, java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("referrals:topics"))
        page.check("#id_topics-2")
        submit(page)
        page.check("#id_contact_method-2")
        page.check("#id_contact_times-4")
        submit(page)
        page.check("#id_interpreter")
        submit(page)
        submit(page)
        assert "There is a problem" in page.content()
        page.check("#id_core")
        submit(page)
        submit(page)
        assert "Your referral to Citizens Advice" in page.content()
        assert Referral.objects.filter(user=tenant_in_arrears).count() == 1
    finally:
        context.close()
