"""Welsh pages in Debian's Chromium: the switcher works without JavaScript, the page says it is
Welsh (`lang="cy"`), English links and English content say they are English, and axe-core finds
no serious or critical problems at 320px and 1280px."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from cms.demo_content import seed_content
from cms.models import AdvicePage
from tests.browser.axe import WIDTHS, assert_accessible
from tests.factories import tenant_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def welsh_content():
    """A transactional test before this one may have flushed the Welsh locale away."""
    Locale.objects.get_or_create(language_code="cy")
    seed_content()


def switch_to_welsh(page, url):
    page.goto(url)
    page.get_by_role("link", name="Cymraeg").click()  # a plain link: no JavaScript needed
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "cy"


def assert_english_marked(page, label):
    """Every link to English says so: the switcher (lang and hreflang) and call charges."""
    english = page.get_by_role("link", name="English", exact=True)
    assert english.get_attribute("lang") == "en", label
    assert english.get_attribute("hreflang") == "en", label
    for link in page.locator('a[href^="https://www.gov.uk/"]').all():
        assert link.get_attribute("hreflang") == "en", label


@pytest.mark.parametrize("width", WIDTHS)
def test_welsh_public_pages(signed_in_page, live_server, width):
    page = signed_in_page(width=width)
    switch_to_welsh(page, live_server.url + "/")
    advice = AdvicePage.objects.live().order_by("path").first()
    for path in ("/", reverse("account_login"), reverse("account_signup"), advice.url):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "cy", path
        assert page.locator("h1").count() == 1, path
        assert_english_marked(page, path)
        assert_accessible(page, f"Welsh {path} at {width}px", one_h1=False)
    assert page.locator('[lang="en-gb"] h1').count() == 1  # the English advice, marked


@pytest.mark.parametrize("width", WIDTHS)
def test_welsh_tenant_pages(signed_in_page, live_server, width):
    user, account = tenant_with_account()
    page = signed_in_page(user, width=width)
    switch_to_welsh(page, live_server.url + reverse("portal:dashboard"))
    assert page.locator("h1").inner_text() == "Eich cyfrif"
    statement = reverse("portal:statement", args=[account.reference])
    for path in (reverse("portal:dashboard"), statement, reverse("budgeting:start")):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "cy", path
        assert_english_marked(page, path)
        assert_accessible(page, f"Welsh {path} at {width}px", one_h1=False)


def test_switching_back_to_english(signed_in_page, live_server):
    page = signed_in_page(width=320)
    switch_to_welsh(page, live_server.url + reverse("account_login"))
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.url.endswith(reverse("account_login"))


@pytest.mark.parametrize("width", WIDTHS)
def test_welsh_tool_pages(signed_in_page, live_server, width):
    """The benefits check, a budget's result, payment plans and referrals, in Welsh."""
    from budgeting.selectors import LineAnswer
    from tests.budgeting.helpers import submitted_budget

    user, account = tenant_with_account()
    tenancy = account.tenancy
    budget = submitted_budget(
        user,
        tenancy,
        lines={
            "universal_credit": LineAnswer(50000, "monthly"),
            "rent": LineAnswer(9500, "weekly"),
        },
    )
    page = signed_in_page(user, width=width)
    switch_to_welsh(page, live_server.url + reverse("benefits_checker:start"))
    assert page.locator("h1").inner_text() == "Gwirio pa fudd-daliadau y gallech chi eu cael"
    people = (
        reverse("benefits_checker:step", args=["people"]) + f"?new=1&tenancy={tenancy.reference}"
    )
    for path in (
        reverse("benefits_checker:start"),
        people,
        reverse("budgeting:version", args=[tenancy.reference, budget.number]),
        reverse("budgeting:version_print", args=[tenancy.reference, budget.number]),
        reverse("arrangements:start"),
        reverse("referrals:start"),
    ):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "cy", path
        assert page.locator("h1").count() == 1, path
        assert_english_marked(page, path)
        assert_accessible(page, f"Welsh {path} at {width}px", one_h1=False)
