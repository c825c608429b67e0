"""What tenants see: the home page's tools and advice, advice pages with breadcrumbs, related
tools and pages and review dates, all of it working on a phone and without JavaScript."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from cms import demo_content as c
from tests.cms.helpers import advice_page, home_page

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def set_home_tools(keys):
    home = home_page()
    home.tools = c._with_ids([c.tool(key) for key in keys])
    home.save_revision().publish()
    return home


def test_home_page_puts_the_tools_first_in_the_order_editors_chose(client, monkeypatch):
    monkeypatch.setattr("cms.tools.path_is_served", lambda path: True)
    set_home_tools(["pay", "balance", "benefits"])
    soup = soup_of(client.get("/"))
    tools = soup.select("section[aria-labelledby=tools-heading] .portal-tool a")
    assert [a["href"] for a in tools] == ["/pay/", "/my-account/", "/benefits/"]


def test_home_page_leaves_out_tools_the_portal_does_not_serve_yet(client, monkeypatch):
    monkeypatch.setattr("cms.tools.path_is_served", lambda path: path != "/payment-plan/")
    set_home_tools(["balance", "payment_plan"])
    hrefs = [a["href"] for a in soup_of(client.get("/")).select(".portal-tool a")]
    assert hrefs == ["/my-account/"]


def test_home_page_lists_the_live_advice_below_the_tools(client, index):
    advice_page(index, title="Breathing Space")
    draft = advice_page(index, title="Not ready yet")
    draft.unpublish()
    soup = soup_of(client.get("/"))
    titles = [a.text for a in soup.select(".portal-advice-list a")]
    assert titles == ["Breathing Space"]
    assert soup.select_one("form[role=search][action='/search/'] input[name=q]")


def test_advice_page_has_breadcrumbs_summary_review_dates_and_related_things(client, index):
    other = advice_page(index, title="Priority debts")
    page = advice_page(
        index,
        title="Breathing Space",
        summary="Time to sort out your debts.",
        tools=["balance"],
        related=[other],
        last_reviewed=dt.date(2026, 10, 5),
        next_review_due=dt.date(2027, 4, 5),
    )
    soup = soup_of(client.get(page.url))
    crumbs = soup.select("nav.govuk-breadcrumbs a.govuk-breadcrumbs__link")
    assert [(a.text, a["href"]) for a in crumbs] == [
        ("Your rent account", "/"),
        ("Help and advice", "/advice/"),
    ]
    assert soup.select_one("h1.govuk-heading-xl").text == "Breathing Space"
    assert soup.select_one("p.govuk-body-l").text == "Time to sort out your debts."
    dates = soup.select_one(".portal-review-dates").text
    assert "Page last reviewed: 5 October 2026" in dates
    assert "Next review due: 5 April 2027" in dates
    related = soup.select_one("aside[aria-labelledby=related-pages-heading]")
    assert [a.text for a in related.select("a")] == ["Priority debts"]
    tools = soup.select_one("aside[aria-labelledby=related-tools-heading]")
    assert tools.select_one("a")["href"] == "/my-account/"


def test_unpublished_related_pages_are_not_linked(client, index):
    gone = advice_page(index, title="Old advice")
    page = advice_page(index, title="New advice", related=[gone])
    gone.unpublish()
    soup = soup_of(client.get(page.url))
    assert not soup.select("aside[aria-labelledby=related-pages-heading]")


def test_advice_section_lists_its_pages_in_tree_order(client, index):
    advice_page(index, title="Ways to pay")
    advice_page(index, title="Direct Debit explained")
    soup = soup_of(client.get(index.url))
    assert [a.text for a in soup.select(".portal-advice-list h2 a")] == [
        "Ways to pay",
        "Direct Debit explained",
    ]


def test_button_to_a_page_links_to_it_and_disappears_when_it_is_unpublished(client, index):
    target = advice_page(index, title="Priority debts")
    button = c.button("Read about priority debts", style="secondary")
    button["value"]["page"] = target.pk
    page = advice_page(index, title="Breathing Space", body=[button])
    soup = soup_of(client.get(page.url))
    assert soup.select_one("a.govuk-button--secondary")["href"] == "/advice/priority-debts/"
    target.unpublish()
    soup = soup_of(client.get(page.url))
    assert not soup.select("a.govuk-button")


def test_next_review_must_come_after_the_last_one(index):
    page = advice_page(index, title="Rent")
    page.next_review_due = page.last_reviewed
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "next_review_due" in error.value.message_dict


def test_rich_text_links_to_other_pages_follow_them(client, index):
    target = advice_page(index, title="Free debt advice")
    page = advice_page(
        index,
        title="Priority debts",
        body=[c.text(f'<p>Get <a linktype="page" id="{target.pk}">advice</a>.</p>')],
    )
    soup = soup_of(client.get(page.url))
    assert soup.select_one(".portal-rich-text a.govuk-link")["href"] == "/advice/free-debt-advice/"
