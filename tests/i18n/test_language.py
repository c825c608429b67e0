"""Welsh on the portal's own pages: the switcher, the cookie, the layout and the forms."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import tenant_with_account

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def welsh(client):
    client.cookies[COOKIE] = "cy"
    return client


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_the_switcher_link_sets_the_language_cookie_and_goes_back():
    from django.test import Client

    client = Client()
    response = client.get("/language/cy/?next=/my-account/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/my-account/?page=2"
    assert response.cookies[COOKIE].value == "cy"
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    back = client.get("/language/en-gb/?next=/budget/")
    assert back["Location"] == "/budget/" and back.cookies[COOKIE].value == "en-gb"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "", "javascript:alert(1)"]
)
def test_the_switcher_only_goes_back_to_this_site(client, next_url):
    response = client.get("/language/cy/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_unknown_language_is_not_found_and_sets_nothing(client):
    response = client.get("/language/fr/?next=/")
    assert response.status_code == 404
    assert COOKIE not in response.cookies


def test_the_switcher_changes_nothing_on_post(client):
    assert client.post("/language/cy/").status_code == 405


def test_english_pages_offer_cymraeg_with_lang_and_hreflang(client):
    html = client.get(reverse("account_login")).content.decode()
    assert html_lang(html) == "en-GB"
    link = re.search(r'<a [^>]*href="/language/cy/\?next=/accounts/login/"[^>]*>Cymraeg</a>', html)
    assert link, "the header links to Cymraeg"
    assert 'lang="cy"' in link.group(0) and 'hreflang="cy"' in link.group(0)


def test_the_portals_paths_do_not_change_in_welsh():
    """DESIGN.md's URL map: no /cy/ prefix on the portal's own pages."""
    with translation.override("cy"):
        assert reverse("portal:dashboard") == "/my-account/"
        assert reverse("payments:pay") == "/pay/"
        assert reverse("account_login") == "/accounts/login/"


def test_the_dashboard_in_welsh(client):
    user, account = tenant_with_account()
    client.force_login(user)
    html = welsh(client).get(reverse("portal:dashboard")).content.decode()
    assert html_lang(html) == "cy"
    assert '<h1 class="govuk-heading-xl">Eich cyfrif</h1>' in html
    assert "Neidio i’r prif gynnwys" in html  # skip link
    assert "Allgofnodi" in html  # sign out
    assert "Cyfeirnod y cyfrif" in html
    assert f"Cyfeirnod y denantiaeth: {account.tenancy.reference}." in html
    # The way back to English is in English, and says so.
    link = re.search(r'<a [^>]*href="/language/en-gb/[^"]*"[^>]*>English</a>', html)
    assert link and 'lang="en"' in link.group(0) and 'hreflang="en"' in link.group(0)
    # The link to an English-only page says where it goes.
    assert 'href="https://www.gov.uk/call-charges" hreflang="en"' in html
    assert "Your account" not in html


def test_the_sign_in_page_in_welsh(client):
    html = welsh(client).get(reverse("account_login")).content.decode()
    assert html_lang(html) == "cy"
    assert "Mewngofnodi" in html  # allauth's heading (locale/third_party)
    assert "Cyfrinair" in html
    assert "Wedi anghofio eich cyfrinair?" in html
    assert "Creu cyfrif" in html
    assert "Forgotten your password?" not in html


def test_sign_in_errors_are_in_welsh(client):
    response = welsh(client).post(reverse("account_login"), {"login": "", "password": ""})
    html = response.content.decode()
    assert "Mae problem wedi codi" in html
    assert "Rhowch eich cyfeiriad e-bost" in html
    assert "Rhowch eich cyfrinair" in html


def test_the_sign_up_page_in_welsh(client):
    html = welsh(client).get(reverse("account_signup")).content.decode()
    assert "Oes gennych chi gyfrif yn barod?" in html
    assert "Cyfrinair (eto)" in html


def test_the_link_form_says_what_is_wrong_in_welsh(client):
    user, _account = tenant_with_account()
    client.force_login(user)
    response = welsh(client).post(
        reverse("portal:link"),
        {"reference": "", "date_of_birth_0": "12", "date_of_birth_1": "", "date_of_birth_2": ""},
    )
    html = response.content.decode()
    assert "Rhowch gyfeirnod eich tenantiaeth" in html
    assert "Eich dyddiad geni: mae angen mis" in html
    assert "Rhowch god post y cartref" in html


def test_the_pay_form_errors_are_in_welsh():
    from payments.forms import PayForm

    with translation.override("cy"):
        form = PayForm(data={"amount": "-5", "form_token": "not-a-token"})
        assert not form.is_valid()
        assert form.errors["amount"] == ["Rhowch y swm heb arwydd minws, fel 12.50"]
        assert form.errors["form_token"][0].startswith("Aeth rhywbeth o’i le.")
    with translation.override("en-gb"):
        form = PayForm(data={"amount": "-5"})
        form.is_valid()
        assert form.errors["amount"] == ["Enter the amount without a minus sign, like 12.50"]


def test_dates_on_welsh_pages_use_welsh_month_names(client):
    import datetime as dt

    user, account = tenant_with_account()
    account.tenancy.start_date = dt.date(2025, 1, 5)
    account.tenancy.save()
    client.force_login(user)
    html = welsh(client).get(reverse("portal:dashboard")).content.decode()
    assert "Dechreuodd eich tenantiaeth ar 5 Ionawr 2025." in html


def test_without_a_cookie_the_browser_language_decides(client):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert html_lang(html) == "cy"
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert html_lang(html) == "en-GB"
