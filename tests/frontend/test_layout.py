"""templates/base.html: the landlord's header, navigation, messages and footer."""

import re

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.shortcuts import render
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def render_base_with_messages(*added):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    for level, text in added:
        messages.add_message(request, level, text)
    return render(request, "base.html").content.decode()


def test_header_and_footer_carry_the_landlords_name(client):
    html = client.get("/").content.decode()
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert settings.LANDLORD_NAME in header
    assert settings.SERVICE_NAME in header
    assert f"© {settings.LANDLORD_NAME}" in footer


def test_footer_gives_the_landlords_contact_details(client):
    footer = re.search(r"<footer.*?</footer>", client.get("/").content.decode(), re.S).group(0)
    assert f'href="tel:{settings.LANDLORD_PHONE.replace(" ", "")}"' in footer
    assert f'href="mailto:{settings.LANDLORD_EMAIL}"' in footer
    assert settings.LANDLORD_OPENING_HOURS in footer


def test_layout_never_shows_crown_copyright_the_crown_or_the_ogl(client, tenant):
    pages = [client.get("/"), client.get(reverse("account_login"))]
    client.force_login(tenant)
    pages.append(client.get(reverse("account_email")))
    for response in pages:
        html = response.content.decode()
        assert "Crown copyright" not in html
        assert "crown" not in html.lower()
        assert "crest" not in html.lower()
        assert "Open Government Licence" not in html
        assert "govuk-header" not in html  # GOV.UK's own header is for GOV.UK only
        assert "GDS Transport" not in html


def test_layout_has_skip_link_main_landmark_and_phase_banner(client):
    html = client.get("/").content.decode()
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert re.search(r'<main class="govuk-main-wrapper[^"]*" id="main-content">', html)
    assert re.search(r'govuk-phase-banner__content__tag">Beta<', html)
    assert "This is a new service" in html


def test_layout_links_styles_print_styles_and_the_module_script(client):
    html = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/static/govuk/govuk-frontend.min.css">' in html
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in html
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    assert '<script type="module" src="/static/js/portal.js"></script>' in html


def test_layout_has_no_inline_script_so_a_strict_csp_will_work(client):
    html = client.get(reverse("account_login")).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all("src=" in tag for tag in scripts), scripts
    assert " on" not in "".join(re.findall(r"<[^>]+\son[a-z]+=", html))


def test_anonymous_navigation_offers_sign_in_and_create_account(client):
    html = client.get("/").content.decode()
    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
    assert f'href="{reverse("account_login")}">Sign in<' in nav
    assert f'href="{reverse("account_signup")}">Create an account<' in nav
    assert "Sign out" not in nav
    assert "aria-current" not in nav


def test_navigation_marks_the_current_page(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert re.search(
        rf'href="{reverse("account_signup")}" aria-current="page">'
        r'<strong class="govuk-service-navigation__active-fallback">Create an account</strong>',
        html,
    )
    assert "govuk-service-navigation__item--active" in html


def test_signed_in_navigation_offers_your_account_and_sign_out(client, tenant):
    client.force_login(tenant)
    html = client.get("/").content.decode()
    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
    assert f'href="{reverse("portal:dashboard")}">Your account<' in nav
    assert "Sign in" not in nav
    assert "Create an account" not in nav


def test_account_settings_pages_mark_your_account_as_the_current_section(client, tenant):
    client.force_login(tenant)
    html = client.get(reverse("account_email")).content.decode()
    assert f'href="{reverse("portal:dashboard")}" aria-current="true">' in html


def test_sign_out_is_a_post_form_with_a_csrf_token_not_a_link(client, tenant):
    client.force_login(tenant)
    html = client.get("/").content.decode()
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    form = re.search(r"<form[^>]*>.*?</form>", header, re.S)
    assert form, "sign out must be a form"
    assert 'method="post"' in form.group(0)
    assert f'action="{reverse("account_logout")}"' in form.group(0)
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert re.search(r'<button type="submit"[^>]*>Sign out</button>', form.group(0))
    assert f'<a href="{reverse("account_logout")}"' not in html


def test_signing_out_shows_a_success_notification_banner(client, tenant):
    client.force_login(tenant)
    response = client.post(reverse("account_logout"), follow=True)
    html = response.content.decode()
    banner = re.search(r'<div class="govuk-notification-banner(?: [^"]*)?"[^>]*>', html).group(0)
    assert "govuk-notification-banner--success" in banner
    assert 'role="alert"' in banner
    assert "You have signed out." in html


def test_messages_other_than_success_use_the_standard_banner_as_a_region():
    html = render_base_with_messages(
        (messages.SUCCESS, "Your tenancy is now linked."),
        (messages.WARNING, "Set up an authenticator app."),
    )
    banners = re.findall(r'<div class="govuk-notification-banner(?: [^"]*)?"[^>]*>', html)
    assert len(banners) == 2
    assert "--success" in banners[0] and 'role="alert"' in banners[0]
    assert "--success" not in banners[1] and 'role="region"' in banners[1]
    # Each banner's title has its own id.
    assert 'aria-labelledby="message-title-1"' in banners[0]
    assert 'aria-labelledby="message-title-2"' in banners[1]
    assert ">Important<" in html and ">Success<" in html


def test_message_text_is_escaped():
    html = render_base_with_messages((messages.INFO, "<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
