"""The benefits check in Chromium: every page passes axe-core (no serious or critical
violations) and reflows at 320px without sideways scrolling, in normal and error states; and
the questions work with JavaScript off."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.browser.axe import WIDTHS, assert_accessible
from tests.factories import TenancyMemberFactory, tenant_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family():
    user, account = tenant_with_account()
    tenancy = account.tenancy
    TenancyMemberFactory(
        tenancy=tenancy, name="Pat Partner", date_of_birth=dt.date(1986, 5, 5), role="joint"
    )
    TenancyMemberFactory(
        tenancy=tenancy, name="Kit Child", date_of_birth=dt.date(2016, 1, 10), role="occupant"
    )
    return user


def submit(page):
    page.locator("#main-content form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_whole_check_and_its_errors(signed_in_page, live_server, family, width):
    page = signed_in_page(family, width=width)
    url = live_server.url
    page.goto(url + reverse("benefits_checker:start"))
    assert_accessible(page, f"start at {width}px")
    page.goto(url + reverse("benefits_checker:step", args=["people"]) + "?new=1")
    assert_accessible(page, f"people at {width}px")
    submit(page)  # the defaults: the joint tenant is the partner, the child a child
    assert_accessible(page, f"partner at {width}px")
    submit(page)
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"partner error at {width}px")
    page.check("#id_married")
    submit(page)
    submit(page)  # children, unanswered
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"children error at {width}px")
    page.locator("input[value=F]").first.check()
    page.locator("input[value=none]").first.check()
    submit(page)
    for prefix in ("me", "partner"):
        page.check(f"#id_{prefix}-lcwra")
        page.check(f"#id_{prefix}-disability_benefit")
        page.check(f"#id_{prefix}-condition-2")
        page.check(f"#id_{prefix}-blind-2")
    submit(page)
    assert_accessible(page, f"caring at {width}px")
    for prefix in ("me", "partner"):
        page.check(f"#id_{prefix}-carer-2")
        page.check(f"#id_{prefix}-carers_allowance-2")
    submit(page)
    page.fill("#id_me-earnings", "lots")
    submit(page)
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"income error at {width}px")
    for prefix in ("me", "partner"):
        for field in ("earnings", "state_pension", "other_pension"):
            page.fill(f"#id_{prefix}-{field}", "0")
    submit(page)
    assert_accessible(page, f"home at {width}px")
    page.check("#id_overnight_carer-2")
    submit(page)
    page.fill("#id_savings", "100")
    page.fill("#id_childcare", "0")
    submit(page)
    assert_accessible(page, f"current at {width}px")
    page.fill("#id_universal_credit", "500")
    submit(page)
    assert "Check your answers" in page.content()
    assert_accessible(page, f"check answers at {width}px")
    submit(page)
    assert "Your benefits estimate" in page.content()
    assert_accessible(page, f"result at {width}px")
    page.locator("details summary").first.click()
    assert_accessible(page, f"result with working open at {width}px")
    page.goto(url + reverse("portal:dashboard"))
    assert_accessible(page, f"dashboard with the tile at {width}px")


def test_the_check_works_without_javascript(browser, live_server, family, client):
    client.force_login(family)
    context = browser.new_context(viewport={"width": 320, "height": 900}, java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("benefits_checker:step", args=["people"]) + "?new=1")
        submit(page)
        submit(page)
        assert "There is a problem" in page.content()
        page.check("#id_married-2")
        submit(page)
        assert "Your children" in page.content()
        # (axe and the overflow check need JavaScript; the tests above run them)
        page.locator("input[value=M]").first.check()
        page.locator("input[value=none]").first.check()
        submit(page)
        assert "Health and disability" in page.content()
    finally:
        context.close()
